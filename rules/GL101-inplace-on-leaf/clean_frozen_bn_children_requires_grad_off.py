"""Fine-tuning with frozen batch norms: for each BN among `self.backbone.children()`, the
affine parameters stop requiring grad first, then are reset in place (no leaf requires grad)."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Detector(nn.Module):
    def __init__(self, num_classes: int = 3) -> None:
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1, bias=False),
            nn.BatchNorm2d(8),
            nn.ReLU(inplace=True),
            nn.Conv2d(8, 8, 3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(8),
            nn.ReLU(inplace=True),
        )
        self.head = nn.Conv2d(8, num_classes, 1)

    def freeze_bn(self) -> None:
        for child in self.backbone.children():
            if isinstance(child, nn.BatchNorm2d):
                child.eval()
                child.weight.requires_grad_(False)
                child.bias.requires_grad_(False)
                child.weight.fill_(1.0)
                child.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


if __name__ == "__main__":
    model = Detector().to(device)
    model.freeze_bn()
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.01)
    opt.zero_grad()
    model(torch.randn(2, 3, 8, 8, device=device)).mean().backward()
    opt.step()
