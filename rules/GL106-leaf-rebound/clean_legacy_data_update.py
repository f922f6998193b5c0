"""Legacy (pre-0.4) manual SGD that rebinds `w.data`, not `w`: the leaf object stays the
same and keeps receiving gradients."""
import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(epochs: int = 4, lr: float = 0.05):
    x = Variable(torch.randn(32, 4, device=device))
    y = Variable(torch.randn(32, 1, device=device))
    w = Variable(torch.zeros(4, 1, device=device), requires_grad=True)
    for _ in range(epochs):
        loss = (x.mm(w) - y).pow(2).mean()
        loss.backward()
        w.data = w.data - lr * w.grad.data
        w.grad.data.zero_()
    return w


if __name__ == "__main__":
    print(fit().is_leaf)
