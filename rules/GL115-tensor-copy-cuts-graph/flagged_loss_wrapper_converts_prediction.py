"""A custom loss class that converts its prediction argument with torch.tensor "to be safe"; the auxiliary head never learns."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class WeightedMSE:
    def __init__(self, weight: float) -> None:
        self.weight = weight

    def __call__(self, pred, target) -> torch.Tensor:
        pred = torch.tensor(pred, dtype=torch.float32, device=target.device)  # error: GL115
        return self.weight * ((pred - target) ** 2).mean()


class MultiHead(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(5, 10), nn.ReLU())
        self.cls = nn.Linear(10, 2)
        self.aux = nn.Linear(10, 1)

    def forward(self, x: torch.Tensor):
        h = self.trunk(x)
        return self.cls(h), self.aux(h)


if __name__ == "__main__":
    model = MultiHead().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    aux_loss = WeightedMSE(0.5)
    x, y, z = torch.randn(6, 5, device=device), torch.randint(0, 2, (6,), device=device), torch.randn(6, 1, device=device)
    optimizer.zero_grad()
    logits, aux = model(x)
    loss = nn.functional.cross_entropy(logits, y) + aux_loss(aux, z)
    loss.backward()
    optimizer.step()
