"""hw4: Ultra-wide networks and the kernel regime (coding part).

Implement the nine functions below and submit this file as ``hw4.py``. You may import only
the Python standard library, NumPy and PyTorch (CPU); a submission that imports anything else
scores 0 on the tests that need it.

Conventions for every function:

- Inputs arrive as NumPy float64 arrays (and Python ints/floats). Do not modify them.
- You may return NumPy arrays, PyTorch tensors (with or without grad), Python floats, or
  lists/tuples of those. float32 is accurate enough; shapes must match exactly: a scalar is
  a float or a 0-d array, and a vector of shape (n,) is not one of shape (n, 1).
- X has shape (n, d) (rows are samples x_i) and y has shape (n,). The network is
      f(x) = (1/sqrt(m)) sum_r a_r ReLU(w_r^T x)
  with W of shape (m, d) (rows w_r), trained, and a of shape (m,), fixed (any real values).
  The predictions are u = (f(x_1), ..., f(x_n)), shape (n,), and the loss is
      L(W) = 1/2 ||u - y||^2          (a sum over samples: no 1/n).
- ReLU'(0) = 0: a unit is active on x_i only when w_r^T x_i > 0 strictly. In PyTorch,
  ``torch.relu`` has this derivative; ``clamp(min=0)`` and ``maximum`` do not.
- The empirical neural tangent kernel at W is the (n, n) matrix
      H(W)_ij = (1/m) sum_r a_r^2 1[w_r^T x_i > 0] 1[w_r^T x_j > 0] x_i^T x_j.
  A kernel passed in as ``H`` is symmetric positive definite.
- Your functions must be deterministic: all randomness is passed in as arguments.
"""


def wide_forward(X, W, a):
    """The predictions of the network on every sample.

    Args:
        X: (n, d) samples.
        W: (m, d) first-layer weights (rows w_r).
        a: (m,) second-layer weights.

    Returns:
        u of shape (n,): u_i = (1/sqrt(m)) sum_r a_r ReLU(w_r^T x_i).
    """
    raise NotImplementedError


def wide_grad(X, y, W, a):
    """The gradient of L(W) = 1/2 ||u - y||^2 with respect to W.

    Args:
        X: (n, d).  y: (n,).  W: (m, d).  a: (m,).

    Returns:
        (m, d) array whose row r is (a_r / sqrt(m)) sum_i (u_i - y_i) 1[w_r^T x_i > 0] x_i.
    """
    raise NotImplementedError


def empirical_ntk(X, W, a):
    """The empirical neural tangent kernel H(W) (see the conventions above).

    It is the Gram matrix of the gradients: H_ij = <du_i/dW, du_j/dW>.

    Args:
        X: (n, d).  W: (m, d).  a: (m,).

    Returns:
        H of shape (n, n).
    """
    raise NotImplementedError


def train_wide(X, y, W0, a, lr, steps):
    """Full-batch gradient descent on the first layer, the second layer fixed.

    W_{t+1} = W_t - lr * dL/dW(W_t) for t = 0, ..., steps-1, starting from W0.

    Args:
        X: (n, d).  y: (n,).  W0: (m, d) initial weights.  a: (m,) fixed.
        lr: step size (a float).  steps: number of steps (an int >= 0).

    Returns:
        (W, U, losses):
          W: (m, d), the weights after `steps` steps (W0 itself when steps = 0);
          U: (steps+1, n), U[t] the predictions at W_t (U[0] at W0, U[steps] at the returned W);
          losses: (steps+1,), losses[t] = 1/2 ||U[t] - y||^2.
    """
    raise NotImplementedError


def kernel_gd(H, u0, y, lr, steps):
    """Gradient descent on a fixed kernel: u_{t+1} = u_t - lr * H (u_t - y), from u0.

    Args:
        H: (n, n) symmetric positive definite.  u0: (n,).  y: (n,).
        lr: step size.  steps: number of steps (an int >= 0).

    Returns:
        (steps+1, n) array; row 0 is u0, row t is u_t.
    """
    raise NotImplementedError


def kernel_flow(H, u0, y, ts):
    """The exact solution of du/dt = -H (u - y), u(0) = u0: u(t) = y + exp(-t H)(u0 - y).

    exp(-t H) is the matrix exponential (for example by an eigendecomposition of H), not the
    exponential of each entry.

    Args:
        H: (n, n) symmetric positive definite.  u0: (n,).  y: (n,).
        ts: (k,) times >= 0, in any order, possibly including 0.

    Returns:
        (k, n) array; row j is u(ts[j]).
    """
    raise NotImplementedError


def flow_loss_bound(H, u0, y, ts):
    """The bound ||u(t) - y||^2 <= ||u0 - y||^2 exp(-2 lambda_min(H) t) of the kernel flow.

    Args:
        H: (n, n) symmetric positive definite.  u0: (n,).  y: (n,).
        ts: (k,) times >= 0.

    Returns:
        (k,) array; entry j is ||u0 - y||^2 exp(-2 lambda_min(H) ts[j]).
    """
    raise NotImplementedError


def ntk_drift(X, W0, W, a):
    """How far the kernel moved: ||H(W) - H(W0)||_2, the spectral norm (largest singular value).

    Args:
        X: (n, d).  W0, W: (m, d).  a: (m,).

    Returns:
        A float.
    """
    raise NotImplementedError


def pattern_changes(X, W0, W):
    """The fraction of the n*m pairs (i, r) whose activation 1[w_r^T x_i > 0] differs
    between W0 and W.

    Args:
        X: (n, d).  W0, W: (m, d).

    Returns:
        A float in [0, 1].
    """
    raise NotImplementedError
