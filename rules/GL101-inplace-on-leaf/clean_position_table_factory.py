"""A factory that builds a sinusoid table with slice assignments on a fresh tensor and returns
it; the writes happen before the table is wrapped in `nn.Parameter` (or kept as a buffer)."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def sinusoid_table(positions: int, dim: int) -> torch.Tensor:
    table = torch.zeros(positions, dim)
    position = torch.arange(positions, dtype=torch.float32).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    table[:, 0::2] = torch.sin(position * div_term)
    table[:, 1::2] = torch.cos(position * div_term)
    return table


class PositionalEncoding(nn.Module):
    def __init__(self, dim: int = 8, max_len: int = 16, learned: bool = True) -> None:
        super().__init__()
        if learned:
            self.pe = nn.Parameter(sinusoid_table(max_len, dim))
        else:
            self.register_buffer("pe", sinusoid_table(max_len, dim))
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(x + self.pe[: x.shape[1]])


if __name__ == "__main__":
    learned, fixed = PositionalEncoding().to(device), PositionalEncoding(learned=False).to(device)
    x = torch.randn(2, 5, 8, device=device)
    (learned(x).sum() + fixed(x).sum()).backward()
