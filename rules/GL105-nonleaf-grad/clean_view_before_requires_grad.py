"""From-scratch regression whose weight is reshaped before it requires grad, so the view
is itself a leaf; and a `Variable` made from an already reshaped tensor."""
import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(x: torch.Tensor, y: torch.Tensor, epochs: int = 3, lr: float = 0.1):
    w = torch.randn(3, device=device).view(3, 1).requires_grad_()
    b = Variable(torch.zeros(1, 1, device=device).view(1), requires_grad=True)
    for _ in range(epochs):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = None
        b.grad.data.zero_()
    return w, b


if __name__ == "__main__":
    inputs = torch.randn(16, 3, device=device)
    fit(inputs, inputs.sum(1, keepdim=True))
