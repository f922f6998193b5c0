"""An in-place normalisation helper whose every caller passes a plain tensor (a loader batch,
a buffer): the same helper would raise on a Parameter, but none reaches it."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def standardize_(images: torch.Tensor, mean: torch.Tensor, std: torch.Tensor) -> torch.Tensor:
    images.sub_(mean.view(1, -1, 1, 1)).div_(std.view(1, -1, 1, 1))
    return images


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("pixel_mean", torch.tensor([0.5, 0.4, 0.3]))
        self.register_buffer("pixel_std", torch.tensor([0.2, 0.2, 0.2]))
        self.register_buffer("template", torch.full((1, 3, 8, 8), 0.5))
        self.net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
        standardize_(self.template, self.pixel_mean, self.pixel_std)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(images - self.template)


def collate(samples: list, model: Classifier) -> torch.Tensor:
    batch = torch.stack(samples)
    return standardize_(batch, model.pixel_mean, model.pixel_std)


if __name__ == "__main__":
    model = Classifier().to(device)
    batch = collate([torch.rand(3, 8, 8, device=device) for _ in range(2)], model)
    model(batch).sum().backward()
