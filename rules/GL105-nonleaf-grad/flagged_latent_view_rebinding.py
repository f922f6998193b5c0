"""Latent optimisation for a tiny decoder: the latent leaf's name is rebound to its own
view, so `z` is a non-leaf and `z.grad` is None after backward()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Decoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.up = nn.Sequential(nn.ConvTranspose2d(1, 4, 2, stride=2), nn.ReLU(), nn.Conv2d(4, 1, 3, padding=1))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.up(z)


def invert(decoder: nn.Module, target: torch.Tensor, steps: int = 3, lr: float = 0.1) -> torch.Tensor:
    z = torch.zeros(16, device=device, requires_grad=True)
    z = z.view(1, 1, 4, 4)
    for _ in range(steps):
        loss = (decoder(z) - target).pow(2).mean()
        loss.backward()
        print(f"loss {loss.item():.4f} grad norm {z.grad.norm():.4f}")  # error: GL105
    return z


if __name__ == "__main__":
    net = Decoder().to(device)
    invert(net, torch.rand(1, 1, 8, 8, device=device))
