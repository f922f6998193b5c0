"""Weight standardisation done in place on a conv layer's weight."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def standardize(conv: nn.Conv2d) -> None:
    w = conv.weight
    mean = w.mean(dim=(1, 2, 3), keepdim=True)
    w.sub_(mean)  # error: GL101


def build() -> nn.Module:
    conv = nn.Conv2d(3, 8, kernel_size=3, padding=1)
    standardize(conv)
    return nn.Sequential(conv, nn.ReLU())


if __name__ == "__main__":
    print(build().to(device)(torch.randn(1, 3, 8, 8, device=device)).shape)
