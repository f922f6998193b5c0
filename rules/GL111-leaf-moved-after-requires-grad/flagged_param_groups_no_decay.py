"""A Lightning-style configure_optimizers whose no-decay group holds a bias cast to float64 after creation."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Calibrator(nn.Module):
    def __init__(self, classes: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.eye(classes, dtype=torch.float64))
        self.bias = torch.zeros(classes, requires_grad=True).to(torch.float64)  # error: GL111

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        return logits.double() @ self.weight + self.bias.to(logits.device)

    def configure_optimizers(self):
        groups = [
            {"params": [self.weight], "weight_decay": 1e-2},
            {"params": [self.bias], "weight_decay": 0.0},
        ]
        return torch.optim.AdamW(groups, lr=1e-3)


if __name__ == "__main__":
    calibrator = Calibrator(3).to(device)
    optimizer = calibrator.configure_optimizers()
    logits, labels = torch.randn(10, 3, device=device), torch.randint(0, 3, (10,), device=device)
    optimizer.zero_grad()
    nn.functional.cross_entropy(calibrator(logits), labels).backward()
    optimizer.step()
