"""The multi-level attention neck, masking the padded region of each level's conv logits in place
(`masked_fill_`) before the softmax: conv does not save its output, so the write is safe."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LevelAttention(nn.Module):
    def __init__(self, channels: int = 8, levels: tuple = ("p3", "p4")) -> None:
        super().__init__()
        self.score = nn.ModuleDict({name: nn.Conv2d(channels, 1, 1) for name in levels})

    def forward(self, feats: dict, valid: dict) -> dict:
        logits = {name: self.score[name](feat) for name, feat in feats.items()}
        maps = {}
        for name, level_logits in logits.items():
            level_logits.masked_fill_(~valid[name], float("-inf"))
            b, _, h, w = level_logits.shape
            maps[name] = F.softmax(level_logits.view(b, -1), dim=-1).view(b, 1, h, w)
        return maps


if __name__ == "__main__":
    neck = LevelAttention().to(device)
    feats = {"p3": torch.randn(2, 8, 8, 8, device=device), "p4": torch.randn(2, 8, 4, 4, device=device)}
    valid = {name: torch.ones(2, 1, f.shape[2], f.shape[3], dtype=torch.bool, device=device) for name, f in feats.items()}
    valid["p3"][:, :, 6:] = False
    maps = neck(feats, valid)
    sum(((maps[n] * feats[n]).sum(dim=(2, 3))).pow(2).mean() for n in feats).backward()
