"""The masked-image-modelling encoder whose masking module writes the mask tokens into
`x.clone()`: the patch tokens the target Linear saved are left as they were."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MaskTokens(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.mask_token = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        out = x.clone()
        out[mask] = self.mask_token.to(out.dtype)
        return out


class SimMIM(nn.Module):
    def __init__(self, patch: int = 4, dim: int = 8) -> None:
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)
        self.norm = nn.LayerNorm(dim)
        self.target_proj = nn.Linear(dim, dim)
        self.masking = MaskTokens(dim)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, batch_first=True), num_layers=1, enable_nested_tensor=False
        )
        self.decoder = nn.Linear(dim, dim)

    def forward(self, images: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        tokens = self.norm(self.patch_embed(images).flatten(2).transpose(1, 2))
        target = self.target_proj(tokens)
        pred = self.decoder(self.encoder(self.masking(tokens, mask)))
        return F.mse_loss(pred[mask], target[mask].detach()) + 0.1 * target.pow(2).mean()


if __name__ == "__main__":
    model = SimMIM().to(device)
    images = torch.randn(2, 3, 8, 8, device=device)
    mask = torch.rand(2, 4, device=device) < 0.5
    mask[:, 0] = True
    model(images, mask).backward()
