"""Per-token offsets made with torch.zeros_like of the token ids, which inherits their int64 dtype."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def embed_with_offsets(embedding: nn.Embedding, tokens: torch.Tensor) -> torch.Tensor:
    offsets = torch.zeros_like(tokens, requires_grad=True)  # error: GL112
    return embedding(tokens) + offsets.unsqueeze(-1)


if __name__ == "__main__":
    embedding = nn.Embedding(20, 4).to(device)
    tokens = torch.randint(0, 20, (2, 5), device=device)
    print(embed_with_offsets(embedding, tokens).shape)
