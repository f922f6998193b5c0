"""Integer config values turned into trainable tensors with an explicit float32 dtype."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

CONFIG = {"anchor_sizes": [16, 32, 64], "aspect_ratios": [1, 2, 4]}


def make_trainable(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float32, device=device, requires_grad=True)


class AnchorGenerator(nn.Module):
    def __init__(self, config: dict) -> None:
        super().__init__()
        self.ratios = make_trainable(config["aspect_ratios"])
        self.sizes = make_trainable(config["anchor_sizes"])

    def forward(self) -> torch.Tensor:
        widths = self.sizes.unsqueeze(1) * self.ratios.sqrt()
        return torch.stack([widths, self.sizes.unsqueeze(1) / self.ratios.sqrt()], dim=-1)


if __name__ == "__main__":
    anchors = AnchorGenerator(CONFIG)()
    anchors.sum().backward()
    print(anchors.shape)
