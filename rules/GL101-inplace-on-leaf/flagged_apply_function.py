"""Applying a Python function element-wise to a parameter with `apply_`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def quantize(layer: nn.Linear, step: float = 0.25) -> None:
    layer.weight.apply_(lambda v: round(v / step) * step)  # error: GL101


if __name__ == "__main__":
    fc = nn.Linear(3, 2)  # apply_ only works on CPU tensors: keep it there
    quantize(fc)
