"""An encoder whose LSTM is assigned in a `_build_layers` helper called from __init__; the
forget-gate bias is then set to 1 by slicing the parameter in `reset_parameters`: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SentenceEncoder(nn.Module):
    def __init__(self, vocab: int = 30, dim: int = 8, hidden: int = 6) -> None:
        super().__init__()
        self.hidden = hidden
        self._build_embeddings(vocab, dim)
        self._build_layers(dim, hidden)
        self.reset_parameters()

    def _build_embeddings(self, vocab: int, dim: int) -> None:
        self.embed = nn.Embedding(vocab, dim, padding_idx=0)

    def _build_layers(self, dim: int, hidden: int) -> None:
        self.rnn = nn.LSTM(dim, hidden, batch_first=True)
        self.proj = nn.Linear(hidden, dim)

    def reset_parameters(self) -> None:
        nn.init.orthogonal_(self.rnn.weight_hh_l0)
        # gates are ordered input, forget, cell, output: start with the forget gate open
        self.rnn.bias_hh_l0[self.hidden : 2 * self.hidden].fill_(1.0)  # error: GL101

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(self.embed(tokens))
        return self.proj(out[:, -1])


if __name__ == "__main__":
    encoder = SentenceEncoder().to(device)
    print(encoder(torch.randint(1, 30, (3, 7), device=device)).shape)
