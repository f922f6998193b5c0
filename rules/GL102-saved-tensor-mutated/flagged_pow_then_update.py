"""The textbook case inside a helper: the input is squared, then updated in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def objective_and_shift(steps: int = 2) -> float:
    x = torch.ones(1, 10, device=device, requires_grad=True)
    y1 = x ** 2
    with torch.no_grad():
        x += 1  # error: GL102
    z = y1 ** 2
    z.sum().backward()
    return x.grad.sum().item()


if __name__ == "__main__":
    print(objective_and_shift())
