"""A linear probe on a frozen encoder, frozen in the compact style `p.requires_grad=False`
(no spaces around `=`): the encoder's parameters no longer require grad, so rescaling
them in place before training the probe is fine."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_encoder(width: int = 16) -> nn.Sequential:
    return nn.Sequential(nn.Linear(8, width), nn.GELU(), nn.Linear(width, width))


class LinearProbe(nn.Module):
    def __init__(self, encoder: nn.Module, classes: int = 3, width: int = 16) -> None:
        super().__init__()
        self.encoder = encoder
        for p in self.encoder.parameters():
            p.requires_grad=False
        self.fc = nn.Linear(width, classes)

    def rescale_encoder(self, factor: float) -> None:
        for p in self.encoder.parameters():
            p.mul_(factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.encoder(x))


if __name__ == "__main__":
    probe = LinearProbe(make_encoder()).to(device)
    probe.rescale_encoder(0.5)
    opt = torch.optim.SGD(probe.fc.parameters(), lr=0.1)
    x, y = torch.randn(4, 8, device=device), torch.randint(0, 3, (4,), device=device)
    opt.zero_grad()
    F.cross_entropy(probe(x), y).backward()
    opt.step()
