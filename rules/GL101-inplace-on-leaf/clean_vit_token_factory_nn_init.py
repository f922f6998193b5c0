"""timm's ViT init: class token and position embedding come from a factory returning an
`nn.Parameter`, and both are drawn with `nn.init` functions, which write under no_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def learnable_tokens(num: int, dim: int) -> nn.Parameter:
    return nn.Parameter(torch.zeros(1, num, dim))


class ViT(nn.Module):
    def __init__(self, img_size: int = 8, patch: int = 4, dim: int = 8, num_classes: int = 3) -> None:
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        num_patches = (img_size // patch) ** 2
        self.cls_token = learnable_tokens(1, dim)
        self.pos_embed = learnable_tokens(num_patches + 1, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(dim, num_classes)
        self.init_weights()

    def init_weights(self) -> None:
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        nn.init.normal_(self.cls_token, std=1e-6)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        return self.head(self.blocks(x)[:, 0])


if __name__ == "__main__":
    ViT().to(device)(torch.randn(2, 3, 8, 8, device=device)).sum().backward()
