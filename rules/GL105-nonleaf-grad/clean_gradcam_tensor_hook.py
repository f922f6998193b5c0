"""Grad-CAM with a tensor hook: the gradient of the activations is captured by
`register_hook` during backward(), never read from `.grad`."""
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class GradCam:
    def __init__(self, model: nn.Module, layer: nn.Module) -> None:
        self.model = model
        self.activations: Optional[torch.Tensor] = None
        self.gradients: Optional[torch.Tensor] = None
        layer.register_forward_hook(self._keep)

    def _keep(self, module, inputs, output: torch.Tensor) -> None:
        self.activations = output
        output.register_hook(self._keep_grad)

    def _keep_grad(self, grad: torch.Tensor) -> None:
        self.gradients = grad

    def __call__(self, image: torch.Tensor, target: int) -> torch.Tensor:
        self.model.zero_grad()
        self.model(image)[0, target].backward()
        weights = self.gradients.mean(dim=(2, 3), keepdim=True)
        return F.relu((weights * self.activations).sum(1)).detach()


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3))
    net = net.to(device).eval()
    cam = GradCam(net, net[1])
    print(cam(torch.rand(1, 3, 8, 8, device=device), target=2).shape)
