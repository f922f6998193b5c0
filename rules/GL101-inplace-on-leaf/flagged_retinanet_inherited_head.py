"""A RetinaNet classification head that inherits its layers from a shared head base and sets
the focal-loss prior on the inherited `self.cls_logits.bias` with `fill_`: raises."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class HeadBase(nn.Module):
    def __init__(self, in_channels: int, num_anchors: int, outputs_per_anchor: int) -> None:
        super().__init__()
        layers = []
        for _ in range(2):
            layers.append(nn.Conv2d(in_channels, in_channels, kernel_size=3, padding=1))
            layers.append(nn.ReLU())
        self.conv = nn.Sequential(*layers)
        self.cls_logits = nn.Conv2d(in_channels, num_anchors * outputs_per_anchor, kernel_size=3, padding=1)
        for layer in self.conv.modules():
            if isinstance(layer, nn.Conv2d):
                nn.init.normal_(layer.weight, std=0.01)
                nn.init.constant_(layer.bias, 0)

    def forward(self, features: list) -> torch.Tensor:
        outs = []
        for x in features:
            out = self.cls_logits(self.conv(x))
            outs.append(out.flatten(2))
        return torch.cat(outs, dim=2)


class RetinaNetClassificationHead(HeadBase):
    def __init__(self, in_channels: int, num_anchors: int, num_classes: int, prior_probability: float = 0.01) -> None:
        super().__init__(in_channels, num_anchors, num_classes)
        self.num_classes = num_classes
        nn.init.normal_(self.cls_logits.weight, std=0.01)
        self.cls_logits.bias.fill_(-math.log((1 - prior_probability) / prior_probability))  # error: GL101


if __name__ == "__main__":
    head = RetinaNetClassificationHead(8, num_anchors=3, num_classes=4).to(device)
    feats = [torch.randn(1, 8, 8, 8, device=device), torch.randn(1, 8, 4, 4, device=device)]
    print(head(feats).shape)
