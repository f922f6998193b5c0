"""Grad-CAM done right: the forward calls `.retain_grad()` on the activations it keeps,
so their `.grad` is filled by backward()."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class CamNet(nn.Module):
    def __init__(self, classes: int = 4) -> None:
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, padding=1), nn.ReLU())
        self.fc = nn.Linear(8, classes)
        self.activations = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.activations = self.features(x)
        if self.activations.requires_grad:
            self.activations.retain_grad()
        return self.fc(F.adaptive_avg_pool2d(self.activations, 1).flatten(1))


def grad_cam(model: CamNet, image: torch.Tensor, target: int) -> torch.Tensor:
    model.zero_grad()
    model(image)[0, target].backward()
    weights = model.activations.grad.mean(dim=(2, 3), keepdim=True)
    return F.relu((weights * model.activations).sum(1))


if __name__ == "__main__":
    net = CamNet().to(device).eval()
    print(grad_cam(net, torch.rand(1, 3, 8, 8, device=device), target=0).shape)
