"""Old-style code with `torch.autograd.Variable`."""
import torch
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def main() -> None:
    x = Variable(torch.linspace(-1, 1, 20, device=device).unsqueeze(1))
    y = 3 * x + 1
    slope = Variable(torch.zeros(1, device=device), requires_grad=True)
    for _ in range(3):
        loss = ((x * slope + 1 - y) ** 2).sum()
        loss.backward()
        slope.sub_(0.01 * slope.grad)  # error: GL101
        slope.grad.data.zero_()


if __name__ == "__main__":
    main()
