"""hw2: float64 torch autograd, which the graders compare gradients with. Never shipped to
students: each is a complete solution of a graded function."""


def autograd_ls_grad(w, X, y):
    import torch

    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    r = torch.tensor(X).T @ wt - torch.tensor(y)
    (g,) = torch.autograd.grad((r @ r) / (2 * X.shape[1]), wt)
    return g.numpy()


def autograd_homogeneous(Ws, x):
    import torch

    layers = [torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in Ws]
    h = torch.tensor(x, dtype=torch.float64)
    for W in layers[:-1]:
        h = torch.relu(W @ h)  # torch.relu has derivative 0 at 0
    return [g.numpy() for g in torch.autograd.grad((layers[-1] @ h).sum(), layers)]
