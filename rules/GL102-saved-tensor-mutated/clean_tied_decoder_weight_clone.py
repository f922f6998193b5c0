"""The tied GRU decoder with a `max_norm` embedding, written as torch's nn.Embedding docs
advise: the output layer uses `self.embed.weight.clone()`, so the next lookup's in-place
renormalisation does not touch what the output layer saved."""
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
            emb = self.embed(targets[:, t])
            hidden = self.cell(emb, hidden)
            logits.append(F.linear(hidden, self.embed.weight.clone()))
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
