"""A LoRA adapter whose low-rank factors are cast to bfloat16 after nn.Parameter: plain tensors, left out of parameters()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int = 2, alpha: float = 4.0) -> None:
        super().__init__()
        self.base = base.requires_grad_(False)
        self.lora_a = nn.Parameter(torch.randn(rank, base.in_features) * 0.01).to(torch.bfloat16)  # error: GL111
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank, dtype=torch.bfloat16))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        update = (x.to(torch.bfloat16) @ self.lora_a.to(x.device).t()) @ self.lora_b.t()
        return self.base(x) + self.scale * update.float()


if __name__ == "__main__":
    layer = LoRALinear(nn.Linear(8, 4)).to(device)
    optimizer = torch.optim.AdamW([p for p in layer.parameters() if p.requires_grad], lr=1e-2)
    x, y = torch.randn(6, 8, device=device), torch.randn(6, 4, device=device)
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(layer(x), y).backward()
        optimizer.step()
