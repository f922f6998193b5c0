"""A validation loop that sums the batch losses under `torch.no_grad()`: the losses have
no graph to keep."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@torch.no_grad()
def validate(model: nn.Module, loader) -> float:
    model.eval()
    val_loss, seen = 0.0, 0
    for images, labels in loader:
        val_loss += F.cross_entropy(model(images), labels, reduction="sum")
        seen += len(labels)
    return val_loss.item() / seen


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 64, 3)).to(device)
    print(validate(net, [(torch.rand(4, 1, 8, 8, device=device), torch.randint(0, 3, (4,), device=device)) for _ in range(4)]))
