"""A learnable temperature initialised with torch.full and an integer fill value, which makes an int64 tensor."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ContrastiveHead(nn.Module):
    def __init__(self, dim: int, init_temperature: int = 10) -> None:
        super().__init__()
        self.proj = nn.Linear(dim, dim)
        self.logit_scale = torch.full((1,), init_temperature, requires_grad=True)  # error: GL112

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        a = nn.functional.normalize(self.proj(a), dim=-1)
        b = nn.functional.normalize(self.proj(b), dim=-1)
        return self.logit_scale * a @ b.t()


if __name__ == "__main__":
    head = ContrastiveHead(6).to(device)
    print(head(torch.randn(3, 6, device=device), torch.randn(3, 6, device=device)))
