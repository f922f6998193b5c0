"""A training loop that keeps the batch losses in a list for the epoch summary and
averages them with `sum(losses) / len(losses)`: the list holds every batch's graph."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Regressor(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(5, 12), nn.GELU(), nn.Linear(12, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x).squeeze(-1)


def fit(model: nn.Module, batches, epochs: int = 1) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        losses = []
        for x, y in batches:
            loss = F.mse_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss)  # error: GL109
        print(f"epoch {epoch}: mean loss {(sum(losses) / len(losses)).item():.4f}")


if __name__ == "__main__":
    data = [(torch.randn(6, 5, device=device), torch.randn(6, device=device)) for _ in range(4)]
    fit(Regressor().to(device), data)
