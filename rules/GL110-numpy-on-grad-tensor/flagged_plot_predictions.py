"""A regression script whose plotting helper converts the model's predictions, still attached to the graph, to NumPy."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Axes:
    """A stand-in for a matplotlib Axes: keeps the arrays it is given."""

    def __init__(self) -> None:
        self.lines = []

    def plot(self, x, y, label: str = "") -> None:
        self.lines.append((x, y, label))


def plot_fit(ax: Axes, model: nn.Module, xs: torch.Tensor, ys: torch.Tensor) -> None:
    preds = model(xs)
    ax.plot(xs.cpu().numpy(), ys.cpu().numpy(), label="data")
    ax.plot(xs.cpu().numpy(), preds.cpu().numpy(), label="fit")  # error: GL110


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(1, 16), nn.Tanh(), nn.Linear(16, 1)).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    xs = torch.linspace(-2, 2, 32, device=device).unsqueeze(1)
    ys = torch.sin(xs)
    for _ in range(5):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(xs), ys)
        loss.backward()
        optimizer.step()
    plot_fit(Axes(), model, xs, ys)
