"""An "ensure tensor" helper applied to a model's L2 penalty: torch.tensor copies it, so the penalty trains nothing."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def ensure_tensor(value, dtype=torch.float32) -> torch.Tensor:
    return torch.tensor(value, dtype=dtype, device=device)  # error: GL115


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
        loss = nn.functional.cross_entropy(model(x), y) + 1e-3 * ensure_tensor(model.l2_penalty())
        loss.backward()
        optimizer.step()
