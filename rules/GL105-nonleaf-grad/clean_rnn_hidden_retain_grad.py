"""Vanishing-gradient diagnostics for a vanilla RNN: each step's hidden state gets
`.retain_grad()`, then the per-step gradient norms are read after backward()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class UnrolledRNN(nn.Module):
    def __init__(self, dim_in: int = 3, hidden: int = 6) -> None:
        super().__init__()
        self.cell = nn.RNNCell(dim_in, hidden)
        self.head = nn.Linear(hidden, 1)
        self.hidden_size = hidden

    def forward(self, seq: torch.Tensor):
        h = torch.zeros(seq.shape[1], self.hidden_size, device=seq.device)
        states = []
        for x_t in seq:
            h = self.cell(x_t, h)
            h.retain_grad()
            states.append(h)
        return self.head(h), states


if __name__ == "__main__":
    rnn = UnrolledRNN().to(device)
    out, hidden_states = rnn(torch.randn(5, 2, 3, device=device))
    out.sum().backward()
    print([round(h.grad.norm().item(), 4) for h in hidden_states])
