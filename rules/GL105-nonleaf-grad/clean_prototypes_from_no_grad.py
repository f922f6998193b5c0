"""Few-shot prototypes computed from encoder features under `torch.no_grad()` (so they
are leaves), then refined by gradient steps that read their `.grad`."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def refine_prototypes(encoder: nn.Module, support: torch.Tensor, labels: torch.Tensor, ways: int = 3, steps: int = 3):
    with torch.no_grad():
        feats = encoder(support)
        prototypes = torch.stack([feats[labels == k].mean(0) for k in range(ways)])
    prototypes.requires_grad_()
    for _ in range(steps):
        logits = -torch.cdist(encoder(support).detach(), prototypes)
        F.cross_entropy(logits, labels).backward()
        with torch.no_grad():
            prototypes -= 0.1 * prototypes.grad
        prototypes.grad = None
    return prototypes


if __name__ == "__main__":
    enc = nn.Sequential(nn.Linear(6, 8), nn.ReLU()).to(device)
    shots = torch.randn(9, 6, device=device)
    print(refine_prototypes(enc, shots, torch.arange(3, device=device).repeat(3)).shape)
