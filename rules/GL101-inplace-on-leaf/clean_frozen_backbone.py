"""A frozen backbone: its parameters no longer require grad, so in-place edits are fine."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FineTuner(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(4, 8), nn.ReLU())
        self.head = nn.Linear(8, 2)
        for p in self.backbone.parameters():
            p.requires_grad = False

    def shrink_backbone(self, factor: float) -> None:
        for p in self.backbone.parameters():
            p.mul_(factor)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def freeze(module: nn.Module) -> None:
    module.requires_grad_(False)


if __name__ == "__main__":
    model = FineTuner().to(device)
    model.shrink_backbone(0.5)
    teacher = nn.Linear(2, 2).to(device)
    freeze(teacher)
    teacher.requires_grad_(False)
    for p in teacher.parameters():
        p.add_(1.0)
    print(model(torch.randn(1, 4, device=device)).shape)
