"""Pre-0.4 style code: a `Variable(..., requires_grad=True)` reshaped with `.view()`
is no longer the leaf, so the gradient printed after backward() is None."""
import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def main() -> None:
    x = Variable(torch.randn(8, 6, device=device))
    weights = Variable(torch.randn(6 * 2, device=device), requires_grad=True).view(6, 2)
    out = x.mm(weights).tanh().sum()
    out.backward()
    print("dL/dW =", weights.grad)  # error: GL105


if __name__ == "__main__":
    main()
