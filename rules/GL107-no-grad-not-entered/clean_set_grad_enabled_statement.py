"""`torch.set_grad_enabled(False)` as a statement switches the mode at once: not a bug."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def export_features(model: nn.Module, batches) -> list:
    previous = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        feats = [model(b.to(device)) for b in batches]
        assert not any(f.requires_grad for f in feats)
    finally:
        torch.set_grad_enabled(previous)
    return feats


if __name__ == "__main__":
    net = nn.Linear(5, 2).to(device)
    print(len(export_features(net, [torch.randn(3, 5), torch.randn(1, 5)])))
