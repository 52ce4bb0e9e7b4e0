"""hw3: SGD, smoothness and the dynamics of linear networks (coding part).

Implement the thirteen functions below and submit this file as ``hw3.py``. You may import
only the Python standard library, NumPy and PyTorch (CPU); a submission that imports anything
else scores 0 on the tests that need it.

Conventions for every function:

- Inputs arrive as NumPy float64 arrays (and Python ints/floats/strings). Do not modify them.
- You may return NumPy arrays, PyTorch tensors (with or without grad), Python floats, or
  lists/tuples of those. float32 is accurate enough; shapes must match exactly: a scalar is
  a float or a 0-d array, and a vector of shape (n,) is not one of shape (n, 1).
- Here X has shape (n, p) (rows are samples) and y has shape (n,). A network is a list
  ``Ws = [W_1, ..., W_N]``, first layer (nearest the input) first, with end-to-end matrix
  W_{1:N} = W_N ... W_1 (an empty product is the identity).
- "vec" of a list of matrices concatenates each matrix flattened in row-major (C) order,
  first layer first (``np.concatenate([W.ravel() for W in Ws])``).
- Your functions must be deterministic: all randomness is passed in as arguments.
"""


def noisy_gd(A, b, w0, xi, schedule):
    """Noisy gradient descent on f(w) = 1/2 w^T A w - b^T w.

    Iterates w_{t+1} = w_t - eta_t (grad f(w_t) + xi[t]) for t = 0, ..., T-1, where
    grad f(w) = A w - b, beta = lambda_max(A), and
      - schedule == "constant": eta_t = 1/beta,
      - schedule == "decaying": eta_t = min(1/(t+1), 1/beta)   (t counts from 0).

    Args:
        A: (d, d) symmetric positive definite.
        b: (d,).
        w0: (d,), the starting point.
        xi: (T, d), the noise; row t is added to the gradient at step t.
        schedule: "constant" or "decaying".

    Returns:
        (T+1, d) array of iterates; row 0 is w0, row t is w_t.
    """
    raise NotImplementedError


def sgd_iteration_bound(beta, f0, fstar, eps, sigma):
    """The SGD iteration bound 2 beta (f0 - f*) / (eps^2 + 2 eps sigma).

    Args:
        beta, f0, fstar, eps, sigma: floats (beta > 0, eps > 0, sigma >= 0, f0 >= fstar).

    Returns:
        The bound as a float (not rounded to an integer).
    """
    raise NotImplementedError


def sine_targets(X, w, eps):
    """Targets y = sin(X) w + eps, with the sine taken elementwise.

    Args:
        X: (n, p).
        w: (p,).
        eps: (n,), the noise.

    Returns:
        y of shape (n,).
    """
    raise NotImplementedError


def lnn_loss(Ws, X, y):
    """Loss L = (1/2n) ||X W_{1:N}^T - y||^2 of a linear network with scalar output.

    Args:
        Ws: [W_1, ..., W_N] with W_1 of shape (k_1, p), W_j of shape (k_j, k_{j-1}),
            W_N of shape (1, k_{N-1}) (for N = 1, W_1 has shape (1, p)).
        X: (n, p).
        y: (n,). X W_{1:N}^T has shape (n, 1); compare it with y as a vector of n entries.

    Returns:
        L as a float. Note the factor 1/(2n).
    """
    raise NotImplementedError


def lnn_grads(Ws, X, y):
    """Gradients of lnn_loss with respect to each layer.

    Args:
        Ws, X, y: as in lnn_loss.

    Returns:
        List [dL/dW_1, ..., dL/dW_N], the j-th of the same shape as Ws[j].
    """
    raise NotImplementedError


def train_lnn(Ws0, X, y, lr, steps):
    """Full-batch gradient descent on lnn_loss.

    Every layer is updated from the same pre-step values: W_j <- W_j - lr dL/dW_j.

    Args:
        Ws0: initial layers, as in lnn_loss (do not modify them).
        X, y: as in lnn_loss.
        lr: float step size.
        steps: int number of GD steps.

    Returns:
        (Ws, losses, grad_norms):
          Ws: the list of layers after `steps` steps, same shapes as Ws0;
          losses: shape (steps+1,), losses[t] = L at iterate t (losses[0] at Ws0);
          grad_norms: shape (steps+1,), grad_norms[t] = sqrt(sum_j ||dL/dW_j||_F^2)
            at iterate t (the norm itself, not its square).
    """
    raise NotImplementedError


def lnn_hessian(Ws, X, y):
    """Hessian of lnn_loss with respect to vec(W_1, ..., W_N).

    vec concatenates each layer flattened in row-major (C) order, first layer first.

    Args:
        Ws, X, y: as in lnn_loss.

    Returns:
        (P, P) symmetric matrix, P = total number of entries of all layers.
    """
    raise NotImplementedError


def extreme_eigenvalues(H):
    """Smallest and largest eigenvalues of a symmetric matrix.

    Args:
        H: (P, P), exactly symmetric.

    Returns:
        (lambda_min, lambda_max) as two floats.
    """
    raise NotImplementedError


def balanced_factors(W, N):
    """N balanced factors of a square matrix.

    Returns [W_1, ..., W_N], each of shape (d, d), with
      W_N ... W_1 = W  and  W_{j+1}^T W_{j+1} = W_j W_j^T  for j = 1, ..., N-1.
    Such factors are not unique; any valid answer passes. They then also satisfy
    W_{1:j}^T W_{1:j} = (W^T W)^{j/N} for every j, which is checked too (to about 1e-2
    relative, normwise). W may be singular; graded cases keep every nonzero singular value
    above 0.1 sigma_max.

    Advice (not required): treat singular values of W below sqrt(1e-5) sigma_max
    (eigenvalues of W^T W below 1e-5 lambda_max, the rule of end_to_end_step) as 0.
    Otherwise the rounding-level singular values of a singular W (about 1e-7 sigma_max in
    float32), raised to the power 1/N, leave a visible residue in the factors, and one that
    grows with N.

    Args:
        W: (d, d), any square matrix (possibly rank-deficient, possibly 0).
        N: int >= 1 (for N = 1 return [W]).

    Returns:
        List of N arrays of shape (d, d), first layer first.
    """
    raise NotImplementedError


def end_to_end_step(W, G, N, lr):
    """One step of the end-to-end dynamics of a depth-N balanced linear network.

    Returns W - lr * sum_{j=1}^{N} (W W^T)^{(j-1)/N} G (W^T W)^{(N-j)/N}.

    Fractional powers of the PSD matrices W W^T and W^T W are computed by eigendecomposition,
    with eigenvalues below 1e-5 * lambda_max (of that matrix) taken as 0; a zeroth power is
    the identity even when the matrix is singular (also for W = 0). Graded cases keep every
    nonzero singular value of W above 0.1 sigma_max.

    Args:
        W: (m, k), any shape (not necessarily square).
        G: (m, k), same shape as W.
        N: int >= 1.
        lr: float.

    Returns:
        Array of shape (m, k).
    """
    raise NotImplementedError


def end_to_end_step_vector(w, g, N, lr):
    """The same step in closed form for a row vector w (a network with scalar output).

    Returns w - lr (||w||^{2(N-1)/N} g + (N-1) ||w||^{-2/N} <g, w> w), <g, w> = sum_i g_i w_i.

    Args:
        w: (1, d), nonzero.
        g: (1, d).
        N: int >= 1.
        lr: float.

    Returns:
        Array of shape (1, d).
    """
    raise NotImplementedError


def sym_factor_grad(U, G):
    """Gradient of phi(U) = l(U U^T) given G = grad l at U U^T.

    Returns (G + G^T) U. G need not be symmetric.

    Args:
        U: (d, r).
        G: (d, d).

    Returns:
        Array of shape (d, r).
    """
    raise NotImplementedError


def sym_factor_velocity(U, G):
    """Velocity of W = U U^T under gradient flow dU/dt = -grad phi(U).

    Returns dW/dt = -(G + G^T) U U^T - U U^T (G + G^T), a symmetric matrix.

    Args:
        U: (d, r).
        G: (d, d).

    Returns:
        Array of shape (d, d).
    """
    raise NotImplementedError
