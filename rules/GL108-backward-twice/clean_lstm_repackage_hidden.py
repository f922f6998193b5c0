"""The word-language-model training loop with `repackage_hidden`: the hidden state is
detached from the previous chunk's graph before each forward."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class RNNModel(nn.Module):
    def __init__(self, ntoken: int = 40, ninp: int = 8, nhid: int = 12) -> None:
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid

    def forward(self, inputs: torch.Tensor, hidden):
        output, hidden = self.rnn(self.encoder(inputs), hidden)
        return self.decoder(output), hidden

    def init_hidden(self, bsz: int):
        weight = next(self.parameters())
        return (weight.new_zeros(1, bsz, self.nhid), weight.new_zeros(1, bsz, self.nhid))


def repackage_hidden(h):
    """Wraps hidden states in new Tensors, to detach them from their history."""
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


def train_epoch(model: RNNModel, train_data: torch.Tensor, bptt: int = 5) -> None:
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    hidden = model.init_hidden(train_data.shape[1])
    for i in range(0, train_data.size(0) - 1, bptt):
        seq_len = min(bptt, len(train_data) - 1 - i)
        data, targets = train_data[i : i + seq_len], train_data[i + 1 : i + 1 + seq_len].reshape(-1)
        hidden = repackage_hidden(hidden)
        optimizer.zero_grad()
        output, hidden = model(data, hidden)
        F.cross_entropy(output.view(-1, output.shape[-1]), targets).backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        optimizer.step()


if __name__ == "__main__":
    train_epoch(RNNModel().to(device), torch.randint(0, 40, (16, 2), device=device))
