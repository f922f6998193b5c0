"""VQGAN training (diffusers' `train_vqgan.py`): `generator_step` alternates; the
zeroing is under `if generator_step:` / `else:` and the steps under a later
`if generator_step:` / `else:` on the same flag, unchanged in between. Each optimizer
is zeroed on every iteration it steps."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class VQModel(nn.Module):
    def __init__(self, channels: int = 3, latent: int = 4) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(channels, 8, 3, padding=1), nn.SiLU(), nn.Conv2d(8, latent, 1))
        self.decoder = nn.Sequential(nn.Conv2d(latent, 8, 3, padding=1), nn.SiLU(), nn.Conv2d(8, channels, 1))

    def forward(self, pixel_values: torch.Tensor):
        z = self.encoder(pixel_values)
        commit_loss = 0.25 * z.pow(2).mean()
        return self.decoder(z), commit_loss


def patch_discriminator(channels: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(channels, 8, 3, stride=2, padding=1), nn.LeakyReLU(0.2), nn.Conv2d(8, 1, 3, padding=1, bias=False)
    )


def train(dataloader, gradient_accumulation_steps: int = 1) -> None:
    model, discriminator = VQModel().to(device), patch_discriminator().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4, betas=(0.5, 0.9))
    discr_optimizer = torch.optim.Adam(discriminator.parameters(), lr=1e-4, betas=(0.5, 0.9))
    for i, pixel_values in enumerate(dataloader):
        pixel_values = pixel_values.to(device)
        generator_step = ((i // gradient_accumulation_steps) % 2) == 0
        if generator_step:
            optimizer.zero_grad(set_to_none=True)
        else:
            discr_optimizer.zero_grad(set_to_none=True)
        fmap, commit_loss = model(pixel_values)

        if generator_step:
            loss = F.mse_loss(pixel_values, fmap)
            gen_loss = -discriminator(fmap).mean()
            loss = loss + commit_loss + 0.1 * gen_loss
            loss.backward()
            optimizer.step()
        else:
            fmap.detach_()
            real = discriminator(pixel_values)
            fake = discriminator(fmap)
            loss = (F.relu(1 + fake) + F.relu(1 - real)).mean()
            loss.backward()
            discr_optimizer.step()


if __name__ == "__main__":
    train([torch.randn(2, 3, 8, 8) for _ in range(4)])
