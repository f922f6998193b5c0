"""Fine-tuning a text encoder and a classifier head where the encoder's forward pass sits
before the epoch loop: the first epoch's backward frees it, the second fails."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TextEncoder(nn.Module):
    def __init__(self, vocab: int = 30, dim: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.proj(self.embed(tokens).mean(1)))


def finetune(epochs: int = 3) -> None:
    encoder, head = TextEncoder().to(device), nn.Linear(8, 2).to(device)
    optimizer = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=1e-3)
    tokens = torch.randint(0, 30, (6, 5), device=device)
    labels = torch.randint(0, 2, (6,), device=device)
    sentence_embeddings = encoder(tokens)
    for epoch in range(epochs):
        optimizer.zero_grad()
        loss = F.cross_entropy(head(sentence_embeddings), labels)
        loss.backward()  # error: GL108
        optimizer.step()


if __name__ == "__main__":
    finetune()
