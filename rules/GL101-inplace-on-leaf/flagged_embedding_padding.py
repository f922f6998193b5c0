"""Zeroing the padding row of an embedding after each step, by item assignment."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
PAD = 0


class TextModel(nn.Module):
    def __init__(self, vocab: int, dim: int) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.out = nn.Linear(dim, 2)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.out(self.embed(tokens).mean(1))

    def clear_padding(self) -> None:
        self.embed.weight[PAD] = torch.zeros(self.embed.weight.shape[1], device=self.embed.weight.device)  # error: GL101


if __name__ == "__main__":
    model = TextModel(20, 8).to(device)
    opt = torch.optim.Adam(model.parameters())
    tokens = torch.randint(0, 20, (4, 6), device=device)
    opt.zero_grad()
    nn.functional.cross_entropy(model(tokens), torch.zeros(4, dtype=torch.long, device=device)).backward()
    opt.step()
    model.clear_padding()
