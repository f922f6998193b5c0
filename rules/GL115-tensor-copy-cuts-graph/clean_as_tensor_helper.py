"""The "ensure tensor" helper written with torch.as_tensor, which returns a tensor argument itself, graph included."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def ensure_tensor(value, dtype=torch.float32) -> torch.Tensor:
    return torch.as_tensor(value, dtype=dtype, device=device)


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)

    def l2_penalty(self) -> torch.Tensor:
        return sum(p.pow(2).sum() for p in self.parameters())


if __name__ == "__main__":
    model = Classifier().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(8, 6, device=device), torch.randint(0, 3, (8,), device=device)
    for _ in range(2):
        optimizer.zero_grad()
        weight_decay = ensure_tensor(1e-3)
        loss = nn.functional.cross_entropy(model(x), y) + weight_decay * ensure_tensor(model.l2_penalty())
        loss.backward()
        optimizer.step()
