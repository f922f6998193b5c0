"""Grad-CAM that keeps the last conv block's activations on the module and reads their
`.grad` after backward(): they are a non-leaf, so `.grad` is None and pooling it raises."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def conv_block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU())


class TinyResNet(nn.Module):
    def __init__(self, classes: int = 5) -> None:
        super().__init__()
        self.stem = conv_block(3, 8)
        self.layer4 = conv_block(8, 16)
        self.fc = nn.Linear(16, classes)
        self.activations = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.activations = self.layer4(self.stem(x))
        return self.fc(F.adaptive_avg_pool2d(self.activations, 1).flatten(1))


def grad_cam(model: TinyResNet, image: torch.Tensor, target: int) -> torch.Tensor:
    model.zero_grad()
    model(image)[0, target].backward()
    weights = model.activations.grad.mean(dim=(2, 3), keepdim=True)  # error: GL105
    return F.relu((weights * model.activations).sum(1))


if __name__ == "__main__":
    net = TinyResNet().to(device).eval()
    print(grad_cam(net, torch.rand(1, 3, 8, 8, device=device), target=1).shape)
