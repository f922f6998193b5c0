"""Manual gradient descent on float64 parameters cast after creation; the update reads .grad of the copy, which is None."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LogisticRegression:
    def __init__(self, features: int) -> None:
        self.w = torch.randn(features, requires_grad=True).to(torch.float64)  # error: GL111
        self.b = torch.zeros(1, dtype=torch.float64, device=device, requires_grad=True)

    def loss(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        logits = x @ self.w.to(x.device) + self.b
        return torch.nn.functional.binary_cross_entropy_with_logits(logits, y)

    def sgd_step(self, lr: float) -> None:
        with torch.no_grad():
            self.w -= lr * self.w.grad
            self.b -= lr * self.b.grad
            self.b.grad.zero_()


if __name__ == "__main__":
    model = LogisticRegression(4)
    x = torch.randn(16, 4, device=device, dtype=torch.float64)
    y = (x[:, 0] > 0).double()
    for _ in range(3):
        model.loss(x, y).backward()
        model.sgd_step(0.1)
