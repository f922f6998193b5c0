"""Per-token offsets made with torch.zeros_like of the token ids but with an explicit float dtype."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def embed_with_offsets(embedding: nn.Embedding, tokens: torch.Tensor):
    offsets = torch.zeros_like(tokens, dtype=torch.float32, requires_grad=True)
    return embedding(tokens) + offsets.unsqueeze(-1), offsets


if __name__ == "__main__":
    embedding = nn.Embedding(20, 4).to(device)
    out, offsets = embed_with_offsets(embedding, torch.randint(0, 20, (2, 5), device=device))
    out.sum().backward()
    print(offsets.grad.shape)
