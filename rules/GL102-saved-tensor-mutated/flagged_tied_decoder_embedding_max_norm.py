"""A GRU decoder trained with teacher forcing whose output layer is tied to its input embedding
(`F.linear(h, self.embed.weight)`); the embedding has `max_norm`, so each step's lookup
renormalises the weight in place after the previous step's output layer saved it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TiedDecoder(nn.Module):
    def __init__(self, vocab: int = 20, dim: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, max_norm=1.0)
        self.cell = nn.GRUCell(dim, dim)

    def forward(self, targets: torch.Tensor, hidden: torch.Tensor) -> torch.Tensor:
        logits = []
        for t in range(targets.shape[1] - 1):
            emb = self.embed(targets[:, t])  # error: GL102
            hidden = self.cell(emb, hidden)
            logits.append(F.linear(hidden, self.embed.weight))
        return torch.stack(logits, dim=1)


def train_step(model: TiedDecoder, optimizer: torch.optim.Optimizer, targets: torch.Tensor) -> float:
    optimizer.zero_grad()
    hidden = torch.zeros(targets.shape[0], 8, device=targets.device)
    logits = model(targets, hidden)
    loss = F.cross_entropy(logits.flatten(0, 1), targets[:, 1:].flatten())
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    model = TiedDecoder().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    print(train_step(model, opt, torch.randint(0, 20, (3, 5), device=device)))
