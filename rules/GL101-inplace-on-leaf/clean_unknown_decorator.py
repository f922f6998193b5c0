"""A project decorator that switches grad off: gradlint cannot see inside it, so it
stays silent rather than guess."""
import functools

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def frozen_update(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with torch.no_grad():
            return fn(*args, **kwargs)

    return wrapper


class Prototype(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.centers = nn.Parameter(torch.randn(3, 2))

    @frozen_update
    def recenter(self, points: torch.Tensor) -> None:
        self.centers.mul_(0.9).add_(points.mean(0), alpha=0.1)


if __name__ == "__main__":
    proto = Prototype().to(device)
    proto.recenter(torch.randn(5, 2, device=device))
