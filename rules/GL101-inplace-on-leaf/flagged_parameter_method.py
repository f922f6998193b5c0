"""A module that updates its own parameter in a method, with `from torch import nn`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TemperatureScaler(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.log_t = nn.Parameter(torch.zeros(1))

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        return logits / self.log_t.exp()

    def calibrate_step(self, logits: torch.Tensor, labels: torch.Tensor, lr: float = 0.01) -> float:
        loss = nn.functional.cross_entropy(self(logits), labels)
        loss.backward()
        self.log_t -= lr * self.log_t.grad  # error: GL101
        self.log_t.grad = None
        return loss.item()


if __name__ == "__main__":
    scaler = TemperatureScaler().to(device)
    logits = torch.randn(16, 4, device=device)
    labels = torch.randint(0, 4, (16,), device=device)
    for _ in range(3):
        scaler.calibrate_step(logits, labels)
