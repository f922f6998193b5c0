"""DCGAN as in the examples of PyTorch and Opacus: both networks' forward() may go
through `nn.parallel.data_parallel` on several GPUs, and the discriminator may be
wrapped for differential privacy. D's loss sees `fake.detach()`, so `errD.backward()`
never enters G's graph; `errG.backward()` then goes through G's graph once."""
import argparse

import torch
from torch import nn

try:
    from opacus import PrivacyEngine
except ImportError:  # differential privacy is optional
    PrivacyEngine = None

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
nz, ngf, ndf, nc = 8, 8, 8, 1
REAL_LABEL, FAKE_LABEL = 1.0, 0.0


class Generator(nn.Module):
    def __init__(self, ngpu: int) -> None:
        super().__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 2, 4, 1, 0, bias=False),
            nn.GroupNorm(4, ngf * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, nc, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)
        return output


class Discriminator(nn.Module):
    def __init__(self, ngpu: int) -> None:
        super().__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            nn.Conv2d(nc, ndf, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(ndf, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, input: torch.Tensor) -> torch.Tensor:
        if input.is_cuda and self.ngpu > 1:
            output = nn.parallel.data_parallel(self.main, input, range(self.ngpu))
        else:
            output = self.main(input)
        return output.view(-1, 1).squeeze(1)


def train(opt: argparse.Namespace, dataloader) -> None:
    netG = Generator(opt.ngpu).to(device)
    netD = Discriminator(opt.ngpu).to(device)
    criterion = nn.BCELoss()
    optimizerD = torch.optim.Adam(netD.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizerG = torch.optim.Adam(netG.parameters(), lr=2e-4, betas=(0.5, 0.999))
    if not opt.disable_dp and PrivacyEngine is not None:
        privacy_engine = PrivacyEngine(secure_mode=False)
        netD, optimizerD, dataloader = privacy_engine.make_private(
            module=netD, optimizer=optimizerD, data_loader=dataloader, noise_multiplier=opt.sigma, max_grad_norm=1.0
        )
    for epoch in range(opt.epochs):
        for i, data in enumerate(dataloader):
            optimizerD.zero_grad(set_to_none=True)
            real_data = data.to(device)
            batch_size = real_data.size(0)
            label_true = torch.full((batch_size,), REAL_LABEL, device=device)
            output = netD(real_data)
            errD_real = criterion(output, label_true)

            noise = torch.randn(batch_size, nz, 1, 1, device=device)
            fake = netG(noise)
            label_fake = torch.full((batch_size,), FAKE_LABEL, device=device)
            output = netD(fake.detach())
            errD_fake = criterion(output, label_fake)

            errD = errD_real + errD_fake
            errD.backward()
            optimizerD.step()
            optimizerD.zero_grad(set_to_none=True)

            optimizerG.zero_grad()
            output_g = netD(fake)
            errG = criterion(output_g, torch.full((batch_size,), REAL_LABEL, device=device))
            errG.backward()
            optimizerG.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--ngpu", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--sigma", type=float, default=1.0)
    parser.add_argument("--disable-dp", action="store_true")
    train(parser.parse_args([]), [torch.randn(4, nc, 8, 8) for _ in range(3)])
