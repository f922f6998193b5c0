"""Quantization-aware training with a straight-through estimator: forward rebinds the
weight alias to its rounded value plus a detached correction; only the value is used."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class QuantConv(nn.Conv2d):
    def __init__(self, *args, bits: int = 4, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.levels = 2 ** (bits - 1) - 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        w = self.weight
        scale = w.detach().abs().max() / self.levels
        w = w + ((w / scale).round() * scale - w).detach()
        return F.conv2d(x, w, self.bias, self.stride, self.padding)


def make_model() -> nn.Module:
    return nn.Sequential(QuantConv(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 36, 3))


if __name__ == "__main__":
    model = make_model().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(2):
        optimizer.zero_grad()
        F.cross_entropy(model(torch.randn(2, 1, 6, 6, device=device)), torch.tensor([0, 2], device=device)).backward()
        optimizer.step()
