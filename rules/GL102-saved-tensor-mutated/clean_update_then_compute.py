"""The textbook case fixed: the update comes before the op that saves x."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def objective_after_shift() -> torch.Tensor:
    x = torch.ones(1, 10, device=device, requires_grad=True)
    with torch.no_grad():
        x += 1
    y1 = x ** 2
    z = y1 ** 2
    z.sum().backward()
    return x.grad


if __name__ == "__main__":
    print(objective_after_shift())
