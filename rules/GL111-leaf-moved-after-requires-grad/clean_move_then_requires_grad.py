"""The from-scratch softmax regression with its weights moved first and made to require grad after."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

W = torch.randn(784, 10).to(device).requires_grad_()
b = torch.zeros(10).to(device, torch.float32).requires_grad_(True)


def model(x: torch.Tensor) -> torch.Tensor:
    return torch.log_softmax(x @ W + b, dim=1)


if __name__ == "__main__":
    lr = 0.1
    for step in range(3):
        x = torch.rand(16, 784, device=device)
        y = torch.randint(0, 10, (16,), device=device)
        loss = torch.nn.functional.nll_loss(model(x), y)
        loss.backward()
        with torch.no_grad():
            W -= lr * W.grad
            b -= lr * b.grad
            W.grad.zero_()
            b.grad.zero_()
