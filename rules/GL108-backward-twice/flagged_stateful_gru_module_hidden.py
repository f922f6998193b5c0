"""A stateful GRU forecaster that carries its hidden state between batches on the module
(`self.hidden`), without detaching it: the second batch's backward goes through the first
batch's freed graph."""
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

    def reset_state(self) -> None:
        self.hidden = None

    def forward(self, window: torch.Tensor) -> torch.Tensor:
        out, self.hidden = self.gru(window, self.hidden)
        return self.head(out[:, -1])


def train_on_stream(model: StatefulForecaster, windows, targets) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.reset_state()
    for window, target in zip(windows, targets):
        optimizer.zero_grad()
        loss = F.mse_loss(model(window), target)
        loss.backward()  # error: GL108
        optimizer.step()


if __name__ == "__main__":
    net = StatefulForecaster().to(device)
    xs = [torch.randn(2, 4, 3, device=device) for _ in range(3)]
    ys = [torch.randn(2, 1, device=device) for _ in range(3)]
    train_on_stream(net, xs, ys)
