"""Consistency training with two heads: the clean head's Linear saves the shared features, then
a noise helper, given those features by keyword, perturbs them in place for the noisy head."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def add_feature_noise_(feats: torch.Tensor, std: float) -> torch.Tensor:
    feats.add_(torch.randn_like(feats) * std)  # error: GL102
    return feats


class ConsistencyModel(nn.Module):
    def __init__(self, in_dim: int = 10, hidden: int = 16, num_classes: int = 3) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(in_dim, hidden), nn.LayerNorm(hidden))
        self.clean_head = nn.Linear(hidden, num_classes)
        self.noisy_head = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> tuple:
        h = self.backbone(x)
        clean = self.clean_head(h)
        noisy = self.noisy_head(add_feature_noise_(feats=h, std=0.1))
        return clean, noisy


if __name__ == "__main__":
    model = ConsistencyModel().to(device)
    x, y = torch.randn(4, 10, device=device), torch.randint(0, 3, (4,), device=device)
    clean, noisy = model(x)
    (F.cross_entropy(clean, y) + F.kl_div(noisy.log_softmax(-1), clean.softmax(-1), reduction="batchmean")).backward()
