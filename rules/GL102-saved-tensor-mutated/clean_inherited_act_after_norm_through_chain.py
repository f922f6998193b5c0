"""A segmentation model reaching its decoder through `self.decoder.lateral` / `self.decoder.fuse`:
the auxiliary head's conv saves the shared features, and the fuse block keeps the inherited
ConvNormAct order, so its in-place ReLU writes its own batch-norm output, not those features."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ConvNormAct(nn.Module):
    def __init__(self, c_in: int, c_out: int, kernel_size: int = 3) -> None:
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel_size, padding=kernel_size // 2, bias=False)
        self.norm = nn.BatchNorm2d(c_out)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.norm(self.conv(x)))


class FuseBlock(ConvNormAct):
    """Adds a dropout after the inherited conv -> norm -> act."""

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__(c_in, c_out)
        self.drop = nn.Dropout2d(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.drop(self.act(self.norm(self.conv(x))))


class Decoder(nn.Module):
    def __init__(self, channels: int) -> None:
        super().__init__()
        self.lateral = nn.Conv2d(channels, channels, 1)
        self.fuse = FuseBlock(channels, channels)


class Segmenter(nn.Module):
    def __init__(self, num_classes: int = 3, channels: int = 8) -> None:
        super().__init__()
        self.encoder = nn.Sequential(ConvNormAct(3, channels), nn.Conv2d(channels, channels, 3, padding=1))
        self.decoder = Decoder(channels)
        self.aux_head = nn.Conv2d(channels, num_classes, 1)
        self.classifier = nn.Conv2d(channels, num_classes, 1)

    def forward(self, x: torch.Tensor) -> tuple:
        feats = self.decoder.lateral(self.encoder(x))
        aux = self.aux_head(feats)
        out = self.decoder.fuse(feats)
        return self.classifier(out), aux


if __name__ == "__main__":
    model = Segmenter().to(device)
    images, masks = torch.randn(2, 3, 8, 8, device=device), torch.randint(0, 3, (2, 8, 8), device=device)
    out, aux = model(images)
    (F.cross_entropy(out, masks) + 0.4 * F.cross_entropy(aux, masks)).backward()
