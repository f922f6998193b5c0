"""Fine-tuning with an optional frozen-backbone phase: `if not freeze_backbone:` zeroes
the full optimizer and `else:` the head's; the steps follow under a later
`if freeze_backbone:` / `else:` on the same flag, never reassigned in the loop."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Classifier(nn.Module):
    def __init__(self, classes: int = 3) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(10, 12), nn.ReLU(), nn.Linear(12, 12), nn.ReLU())
        self.model = nn.Sequential(nn.Dropout(0.1), nn.Linear(12, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(self.backbone(x))


def fine_tune(model: Classifier, loader, freeze_backbone: bool) -> None:
    head_optimizer = torch.optim.SGD(model.model[-1].parameters(), lr=0.1, momentum=0.9)
    full_optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model.backbone.requires_grad_(not freeze_backbone)
    for x, y in loader:
        if not freeze_backbone:
            full_optimizer.zero_grad()
        else:
            head_optimizer.zero_grad()
        loss = F.cross_entropy(model(x.to(device)), y.to(device), label_smoothing=0.1)
        loss.backward()
        if freeze_backbone:
            head_optimizer.step()
        else:
            full_optimizer.step()


if __name__ == "__main__":
    net = Classifier().to(device)
    batches = [(torch.randn(4, 10), torch.randint(0, 3, (4,))) for _ in range(3)]
    fine_tune(net, batches, freeze_backbone=True)
    fine_tune(net, batches, freeze_backbone=False)
