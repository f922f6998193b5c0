"""A from-scratch softmax regression class (no nn.Module) whose `step()` rebinds
`self.W`: the next line's `self.W.grad` is None."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SoftmaxRegression:
    def __init__(self, features: int, classes: int, lr: float = 0.1) -> None:
        self.W = torch.randn(features, classes, device=device) * 0.01
        self.W.requires_grad_()
        self.b = torch.zeros(classes, device=device, requires_grad=True)
        self.lr = lr

    def loss(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.cross_entropy(x @ self.W + self.b, y)

    def step(self) -> None:
        self.W = self.W - self.lr * self.W.grad  # error: GL106
        self.W.grad.zero_()
        with torch.no_grad():
            self.b -= self.lr * self.b.grad
        self.b.grad.zero_()


def fit(model: SoftmaxRegression, batches) -> None:
    for x, y in batches:
        model.loss(x, y).backward()
        model.step()


if __name__ == "__main__":
    data = [(torch.randn(16, 5, device=device), torch.randint(0, 3, (16,), device=device)) for _ in range(3)]
    fit(SoftmaxRegression(5, 3), data)
