"""A ViT whose class token and position embedding come from a `learnable_tokens` factory that
returns an `nn.Parameter`; the class token is then drawn with `normal_` in place: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def learnable_tokens(num: int, dim: int) -> nn.Parameter:
    return nn.Parameter(torch.zeros(1, num, dim))


class PatchEmbed(nn.Module):
    def __init__(self, img_size: int, patch: int, dim: int) -> None:
        super().__init__()
        self.num_patches = (img_size // patch) ** 2
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(x).flatten(2).transpose(1, 2)


class ViT(nn.Module):
    def __init__(self, img_size: int = 8, patch: int = 4, dim: int = 8, num_classes: int = 3) -> None:
        super().__init__()
        self.patch_embed = PatchEmbed(img_size, patch, dim)
        self.cls_token = learnable_tokens(1, dim)
        self.pos_embed = learnable_tokens(self.patch_embed.num_patches + 1, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.head = nn.Linear(dim, num_classes)
        self.init_weights()

    def init_weights(self) -> None:
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.cls_token.normal_(std=1e-6)  # error: GL101

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch_embed(x)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        return self.head(self.blocks(x)[:, 0])


if __name__ == "__main__":
    print(ViT().to(device)(torch.randn(2, 3, 8, 8, device=device)).shape)
