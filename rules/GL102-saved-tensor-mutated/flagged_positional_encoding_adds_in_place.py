"""A transformer front end whose positional-encoding module adds to its argument in place
(`x += self.pe[...]`) after the parent has already fed the same embeddings to a gating Linear."""
import math

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PositionalEncoding(nn.Module):
    def __init__(self, d_model: int, max_len: int = 32) -> None:
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(1, max_len, d_model)
        pe[0, :, 0::2] = torch.sin(position * div_term)
        pe[0, :, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x += self.pe[:, : x.size(1)]  # error: GL102
        return self.dropout(x)


class GatedEncoder(nn.Module):
    def __init__(self, vocab: int = 50, d_model: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.gate_proj = nn.Linear(d_model, d_model)
        self.pos_encoder = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead=2, dim_feedforward=16, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=1, enable_nested_tensor=False)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h = self.embed(tokens)
        gate = torch.sigmoid(self.gate_proj(h))
        h = self.pos_encoder(h)
        return self.encoder(h) * gate


if __name__ == "__main__":
    model = GatedEncoder().to(device)
    model(torch.randint(0, 50, (2, 6), device=device)).pow(2).mean().backward()
