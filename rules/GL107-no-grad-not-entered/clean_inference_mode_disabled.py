"""`inference_mode(False)` inside `with`, and a guard inside nested `with` items."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@torch.inference_mode()
def calibrate(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    stats = model(x).mean(0)
    with torch.inference_mode(False):
        scale = torch.ones(stats.shape, device=device)
    return stats * scale


def features_and_loss(model: nn.Module, x: torch.Tensor):
    with torch.autocast(device.type, enabled=False), torch.no_grad():
        feats = model(x)
    return feats, model(x).pow(2).mean()


if __name__ == "__main__":
    net = nn.Linear(4, 4).to(device)
    x = torch.randn(3, 4, device=device)
    print(calibrate(net, x).shape)
    feats, loss = features_and_loss(net, x)
    assert not feats.requires_grad and loss.requires_grad
