"""Features from a frozen backbone, fed to a NumPy ridge regression: nothing in the forward requires grad."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_backbone() -> nn.Module:
    """A stand-in for a pretrained torchvision backbone with its head removed."""
    return nn.Sequential(nn.Linear(12, 24), nn.ReLU(), nn.Linear(24, 8), nn.ReLU())


def ridge(features: np.ndarray, targets: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    gram = features.T @ features + alpha * np.eye(features.shape[1])
    return np.linalg.solve(gram, features.T @ targets)


if __name__ == "__main__":
    backbone = make_backbone().to(device)
    for param in backbone.parameters():
        param.requires_grad_(False)
    backbone.eval()
    x = torch.randn(30, 12, device=device)
    features = backbone(x).cpu().numpy()
    coef = ridge(features, np.random.randn(30))
    print(coef.shape)
