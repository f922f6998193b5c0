"""A stateful GRU forecaster that keeps its hidden state on the module between batches,
detached: each batch backpropagates only through its own window."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class StatefulForecaster(nn.Module):
    def __init__(self, features: int = 3, hidden: int = 8) -> None:
        super().__init__()
        self.gru = nn.GRU(features, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)
        self.hidden = None

    def forward(self, window: torch.Tensor) -> torch.Tensor:
        out, hidden = self.gru(window, self.hidden)
        self.hidden = hidden.detach()
        return self.head(out[:, -1])


def train_on_stream(model: StatefulForecaster, windows, targets) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for window, target in zip(windows, targets):
        optimizer.zero_grad()
        loss = F.mse_loss(model(window), target)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    net = StatefulForecaster().to(device)
    train_on_stream(net, [torch.randn(2, 4, 3, device=device) for _ in range(3)], [torch.randn(2, 1, device=device) for _ in range(3)])
