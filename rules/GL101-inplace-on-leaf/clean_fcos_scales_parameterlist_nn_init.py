"""An FCOS-style box head with one learnable scale per level in an `nn.ParameterList`, reset with
`nn.init.constant_` in a loop over the list; the box outputs are then written in place (non-leaves)."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FCOSRegressionHead(nn.Module):
    def __init__(self, channels: int = 8, num_levels: int = 3) -> None:
        super().__init__()
        self.tower = nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.GroupNorm(2, channels), nn.ReLU())
        self.bbox_pred = nn.Conv2d(channels, 4, 3, padding=1)
        self.scales = nn.ParameterList([nn.Parameter(torch.empty(1)) for _ in range(num_levels)])
        self.reset_scales()

    def reset_scales(self, init_value: float = 1.0) -> None:
        for scale in self.scales:
            nn.init.constant_(scale, init_value)

    def forward(self, features: list) -> list:
        outputs = []
        for f, s in zip(features, self.scales):
            box = self.bbox_pred(self.tower(f)) * s
            box.clamp_(min=0)
            outputs.append(box)
        return outputs


if __name__ == "__main__":
    head = FCOSRegressionHead().to(device)
    feats = [torch.randn(1, 8, n, n, device=device) for n in (8, 4, 2)]
    sum(o.mean() for o in head(feats)).backward()
