"""Latent optimisation that keeps the leaf under its own name and gives the reshaped view
another one, reading the leaf's `.grad`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def invert(decoder: nn.Module, target: torch.Tensor, steps: int = 3, lr: float = 0.1) -> torch.Tensor:
    z = torch.zeros(16, device=device, requires_grad=True)
    for _ in range(steps):
        z_img = z.view(1, 1, 4, 4)
        loss = (decoder(z_img) - target).pow(2).mean()
        loss.backward()
        with torch.no_grad():
            z -= lr * z.grad
        z.grad.zero_()
    return z


if __name__ == "__main__":
    net = nn.Sequential(nn.ConvTranspose2d(1, 2, 2, stride=2), nn.ReLU(), nn.Conv2d(2, 1, 3, padding=1)).to(device)
    print(invert(net, torch.rand(1, 1, 8, 8, device=device)).shape)
