"""Identity-initialising an LSTM's recurrent weights by copy, in __init__."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Tagger(nn.Module):
    def __init__(self, dim: int = 4) -> None:
        super().__init__()
        self.rnn = nn.LSTM(dim, dim, batch_first=True)
        self.rnn.weight_hh_l0.copy_(torch.eye(dim).repeat(4, 1))  # error: GL101
        self.out = nn.Linear(dim, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden, _ = self.rnn(x)
        return self.out(hidden)


if __name__ == "__main__":
    print(Tagger().to(device)(torch.randn(2, 5, 4, device=device)).shape)
