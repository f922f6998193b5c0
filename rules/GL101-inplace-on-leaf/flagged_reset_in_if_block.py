"""Re-zeroing a classifier's bias every few steps, inside the training loop."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(6, 12), nn.GELU())
        self.head = nn.Linear(12, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def train(steps: int = 4, reset_every: int = 2) -> None:
    model = Classifier().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        x, y = torch.randn(5, 6, device=device), torch.randint(0, 3, (5,), device=device)
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        if step % reset_every == 0:
            model.head.bias.zero_()  # error: GL101


if __name__ == "__main__":
    train()
