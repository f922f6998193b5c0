"""A multi-level attention neck returns its softmax maps in a dict keyed by level; the training
step zeroes the padded region of `maps["p3"]` in place, but softmax saved its output."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LevelAttention(nn.Module):
    def __init__(self, channels: int = 8, levels: tuple = ("p3", "p4")) -> None:
        super().__init__()
        self.score = nn.ModuleDict({name: nn.Conv2d(channels, 1, 1) for name in levels})

    def forward(self, feats: dict) -> dict:
        maps = {}
        for name, feat in feats.items():
            logits = self.score[name](feat)
            b, _, h, w = logits.shape
            maps[name] = F.softmax(logits.view(b, -1), dim=-1).view(b, 1, h, w)
        return maps


def train_step(neck: LevelAttention, feats: dict, valid: torch.Tensor) -> torch.Tensor:
    maps = neck(feats)
    maps["p3"].mul_(valid)  # error: GL102
    pooled = {name: (maps[name] * feats[name]).sum(dim=(2, 3)) for name in feats}
    loss = sum(v.pow(2).mean() for v in pooled.values())
    loss.backward()
    return loss


if __name__ == "__main__":
    neck = LevelAttention().to(device)
    feats = {"p3": torch.randn(2, 8, 8, 8, device=device), "p4": torch.randn(2, 8, 4, 4, device=device)}
    valid = torch.ones(2, 1, 8, 8, device=device)
    valid[:, :, 6:] = 0
    print(train_step(neck, feats, valid).item())
