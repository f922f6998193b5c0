"""Input saliency for one channel of a batch: the channel is made a leaf with
`.clone().float().requires_grad_(True)` and only then normalised in place: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


class TinyCNN(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1))
        self.fc = nn.Linear(4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x).flatten(1))


def channel_saliency(model: nn.Module, batch: torch.Tensor, channel: int, target: int) -> torch.Tensor:
    inputs = batch[:, channel : channel + 1].clone().float().requires_grad_(True)
    inputs.sub_(MEAN[channel]).div_(STD[channel])  # error: GL101
    score = model(inputs)[:, target].sum()
    (grad,) = torch.autograd.grad(score, inputs)
    return grad.abs().amax(dim=1)


if __name__ == "__main__":
    model = TinyCNN().to(device).eval()
    images = torch.randint(0, 256, (2, 3, 8, 8), device=device, dtype=torch.uint8)
    print(channel_saliency(model, images, channel=1, target=0).shape)
