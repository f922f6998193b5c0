"""Truncated BPTT over one long sequence with an RNN cell: every `k` steps the loss so far
is backpropagated and the hidden state is detached before going on."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class CharModel(nn.Module):
    def __init__(self, vocab: int = 12, hidden: int = 10) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.cell = nn.GRUCell(hidden, hidden)
        self.out = nn.Linear(hidden, vocab)
        self.hidden = hidden


def train_sequence(model: CharModel, seq: torch.Tensor, k: int = 4) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    h = torch.zeros(1, model.hidden, device=device)
    loss = torch.zeros((), device=device)
    for t in range(len(seq) - 1):
        h = model.cell(model.embed(seq[t : t + 1]), h)
        loss = loss + F.cross_entropy(model.out(h), seq[t + 1 : t + 2])
        if (t + 1) % k == 0:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            h = h.detach()
            loss = torch.zeros((), device=device)


if __name__ == "__main__":
    train_sequence(CharModel().to(device), torch.randint(0, 12, (13,), device=device))
