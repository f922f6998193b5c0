"""The output of an nn.Sequential ending in Sigmoid, rescaled in place."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 6), nn.Sigmoid())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        pixels = self.net(z)
        pixels.mul_(255.0)  # error: GL102
        return pixels


if __name__ == "__main__":
    decoder = Decoder().to(device)
    decoder(torch.randn(2, 4, device=device)).mean().backward()
