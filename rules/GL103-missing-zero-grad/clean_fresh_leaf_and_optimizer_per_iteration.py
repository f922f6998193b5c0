"""Pix2Pix-Zero-style cross-attention guidance (a diffusers pipeline): at every
denoising step the latent is copied into a new leaf, a new SGD optimizer is made over
it, one backward and one step run. Nothing carries over from one iteration to the
next, so nothing can accumulate."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TinyUNet(nn.Module):
    def __init__(self, channels: int = 4) -> None:
        super().__init__()
        self.model = nn.Sequential(nn.Conv2d(channels, 8, 3, padding=1), nn.SiLU(), nn.Conv2d(8, channels, 3, padding=1))

    def forward(self, sample: torch.Tensor, t: int) -> torch.Tensor:
        return self.model(sample) * (1.0 - t / 1000)


@torch.no_grad()
def edit(unet: TinyUNet, latents: torch.Tensor, reference: torch.Tensor, timesteps, guidance_amount: float = 0.1):
    unet.requires_grad_(False)
    for t in timesteps:
        x_in = latents.detach().clone()
        x_in.requires_grad = True

        opt = torch.optim.SGD([x_in], lr=guidance_amount)

        with torch.enable_grad():
            noise_pred = unet(x_in, t)
            loss = F.mse_loss(noise_pred, reference)
            loss.backward(retain_graph=False)
            opt.step()

        noise_pred = unet(x_in.detach(), t)
        latents = x_in.detach() - 0.01 * noise_pred
    return latents


if __name__ == "__main__":
    net = TinyUNet().to(device)
    start = torch.randn(1, 4, 6, 6, device=device)
    print(edit(net, start, torch.zeros_like(start), timesteps=[900, 600, 300]).shape)
