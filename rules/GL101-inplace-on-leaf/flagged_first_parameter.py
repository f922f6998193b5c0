"""Scaling the first layer's weight found through a list of parameters."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def rescale_input_layer(model: nn.Module, factor: float) -> None:
    params = list(model.parameters())
    first = params[0]
    first.mul_(factor)  # error: GL101


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)).to(device)
    rescale_input_layer(net, 0.5)
