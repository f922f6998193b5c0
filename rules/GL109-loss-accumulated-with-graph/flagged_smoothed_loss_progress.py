"""A progress display that keeps an exponential moving average of the loss tensor:
each update chains the previous average's graph into the new one."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ProgressBar:
    """Stands in for tqdm's `set_postfix`."""

    def set_postfix(self, **values) -> None:
        print(", ".join(f"{k}={v:.4f}" for k, v in values.items()))


def train(model: nn.Module, batches, beta: float = 0.98) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    bar = ProgressBar()
    smooth_loss = torch.zeros((), device=device)
    for x, y in batches:
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        smooth_loss = beta * smooth_loss + (1 - beta) * loss  # error: GL109
        bar.set_postfix(loss=smooth_loss.item())


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    train(net, [(torch.randn(5, 4, device=device), torch.rand(5, 1, device=device).round()) for _ in range(4)])
