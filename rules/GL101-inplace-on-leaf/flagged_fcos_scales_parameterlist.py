"""An FCOS-style box head with one learnable scale per FPN level in an `nn.ParameterList`;
`reset_scales` fills each with `fill_` while iterating the list: raises."""
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
            scale.fill_(init_value)  # error: GL101

    def forward(self, features: list) -> list:
        return [torch.relu(self.bbox_pred(self.tower(f)) * s) for f, s in zip(features, self.scales)]


if __name__ == "__main__":
    head = FCOSRegressionHead().to(device)
    feats = [torch.randn(1, 8, n, n, device=device) for n in (8, 4, 2)]
    print([o.shape for o in head(feats)])
