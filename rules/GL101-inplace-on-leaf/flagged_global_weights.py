"""A script with module-level weights and a function that updates them."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

W1 = torch.randn(4, 8, device=device, requires_grad=True)
W2 = torch.randn(8, 1, device=device, requires_grad=True)


def forward(x: torch.Tensor) -> torch.Tensor:
    return torch.tanh(x @ W1) @ W2


def update(lr: float) -> None:
    for weight in (W1, W2):
        weight.sub_(lr * weight.grad)  # error: GL101


if __name__ == "__main__":
    forward(torch.randn(3, 4, device=device)).sum().backward()
    update(0.1)
