"""A gate computed with sigmoid, then rectified in place: sigmoid saved its output."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def gated(features: torch.Tensor, gate_layer: nn.Linear) -> torch.Tensor:
    gate = torch.sigmoid(gate_layer(features))
    F.relu(gate, inplace=True)  # error: GL102
    return features * gate


if __name__ == "__main__":
    layer = nn.Linear(4, 4).to(device)
    out = gated(torch.randn(3, 4, device=device), layer)
    out.sum().backward()
