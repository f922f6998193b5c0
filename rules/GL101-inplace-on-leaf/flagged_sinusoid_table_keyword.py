"""A transformer that fills its learned position table with sinusoids through a helper
given the table by keyword: the helper's slice assignment writes into a Parameter and raises."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fill_sinusoid(table: torch.Tensor, base: float = 10000.0) -> None:
    """Sines in the first half of each row, cosines in the second (fairseq's layout)."""
    positions, dim = table.shape
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(base) / (half - 1)))
    angles = torch.arange(positions, dtype=torch.float32).unsqueeze(1) * freq.unsqueeze(0)
    table[:, : 2 * half] = torch.cat([angles.sin(), angles.cos()], dim=1).to(table)  # error: GL101


class TransformerEncoder(nn.Module):
    def __init__(self, vocab: int = 20, dim: int = 8, max_len: int = 16, depth: int = 2) -> None:
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, dim)
        self.pos_emb = nn.Embedding(max_len, dim)
        layer = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, depth, enable_nested_tensor=False)
        fill_sinusoid(table=self.pos_emb.weight)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(tokens.shape[1], device=tokens.device)
        return self.encoder(self.tok_emb(tokens) + self.pos_emb(pos))


if __name__ == "__main__":
    model = TransformerEncoder().to(device)
    print(model(torch.randint(0, 20, (2, 6), device=device)).shape)
