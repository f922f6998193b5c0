"""A CLIP-style contrastive head keeping its temperature in an `nn.ParameterDict` and clamping
`self.temperature["logit_scale"]` in place at the start of forward: raises."""
import math

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ContrastiveHead(nn.Module):
    def __init__(self, img_dim: int = 6, txt_dim: int = 5, embed_dim: int = 4) -> None:
        super().__init__()
        self.visual_proj = nn.Linear(img_dim, embed_dim, bias=False)
        self.text_proj = nn.Linear(txt_dim, embed_dim, bias=False)
        self.temperature = nn.ParameterDict({"logit_scale": nn.Parameter(torch.ones([]) * math.log(1 / 0.07))})

    def forward(self, image_features: torch.Tensor, text_features: torch.Tensor) -> torch.Tensor:
        self.temperature["logit_scale"].clamp_(0, math.log(100))  # error: GL101
        img = F.normalize(self.visual_proj(image_features), dim=-1)
        txt = F.normalize(self.text_proj(text_features), dim=-1)
        logits = self.temperature["logit_scale"].exp() * img @ txt.t()
        labels = torch.arange(logits.shape[0], device=logits.device)
        return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2


if __name__ == "__main__":
    head = ContrastiveHead().to(device)
    opt = torch.optim.AdamW(head.parameters(), lr=1e-3)
    opt.zero_grad()
    head(torch.randn(4, 6, device=device), torch.randn(4, 5, device=device)).backward()
    opt.step()
