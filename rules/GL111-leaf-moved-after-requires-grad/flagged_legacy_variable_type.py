"""Old-style code: a Variable that requires grad converted with .type(torch.DoubleTensor), then updated through .grad.data."""
import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(x: torch.Tensor, y: torch.Tensor, epochs: int = 3, lr: float = 0.01) -> torch.Tensor:
    W = Variable(torch.randn(x.shape[1], 1), requires_grad=True).type(torch.DoubleTensor)  # error: GL111
    for epoch in range(epochs):
        loss = ((x.cpu().double() @ W - y.cpu().double()) ** 2).mean()
        loss.backward()
        W.data -= lr * W.grad.data
        W.grad.data.zero_()
    return W


if __name__ == "__main__":
    x = torch.randn(10, 2, device=device)
    print(train(x, x.sum(1, keepdim=True)))
