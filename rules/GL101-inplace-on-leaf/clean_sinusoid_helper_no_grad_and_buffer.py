"""One sinusoid helper called from two places: with a position table's weight (a Parameter)
only inside `torch.no_grad()`, and with a plain tensor that becomes a buffer."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fill_sinusoid(table: torch.Tensor, base: float = 10000.0) -> torch.Tensor:
    positions, dim = table.shape
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(base) / (half - 1)))
    angles = torch.arange(positions, dtype=torch.float32).unsqueeze(1) * freq.unsqueeze(0)
    table[:, : 2 * half] = torch.cat([angles.sin(), angles.cos()], dim=1).to(table)
    return table


class Seq2SeqEmbeddings(nn.Module):
    def __init__(self, vocab: int = 20, dim: int = 8, max_len: int = 16) -> None:
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, dim)
        # the encoder learns its positions from a sinusoid start; the decoder keeps them fixed
        self.enc_pos = nn.Embedding(max_len, dim)
        with torch.no_grad():
            fill_sinusoid(table=self.enc_pos.weight)
        self.register_buffer("dec_pos", fill_sinusoid(torch.empty(max_len, dim)), persistent=False)

    def forward(self, src: torch.Tensor, tgt: torch.Tensor) -> tuple:
        src_pos = torch.arange(src.shape[1], device=src.device)
        enc = self.tok_emb(src) + self.enc_pos(src_pos)
        dec = self.tok_emb(tgt) + self.dec_pos[: tgt.shape[1]]
        return enc, dec


if __name__ == "__main__":
    emb = Seq2SeqEmbeddings().to(device)
    enc, dec = emb(torch.randint(0, 20, (2, 5), device=device), torch.randint(0, 20, (2, 4), device=device))
    (enc.sum() + dec.sum()).backward()
