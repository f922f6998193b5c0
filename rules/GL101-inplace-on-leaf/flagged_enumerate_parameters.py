"""Re-initialising some parameters by index, in a loop over enumerate()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def reinit_every_other(model: nn.Module) -> None:
    for index, param in enumerate(model.parameters()):
        if index % 2 == 0:
            param.normal_(0.0, 0.02)  # error: GL101


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 2)).to(device)
    reinit_every_other(net)
