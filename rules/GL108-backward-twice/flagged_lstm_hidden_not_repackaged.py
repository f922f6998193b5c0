"""A word-level LSTM language model trained with truncated BPTT, but the hidden state
returned by the LSTM is fed to the next chunk without `.detach()`: the second chunk's
backward reaches into the first chunk's freed graph."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class RNNModel(nn.Module):
    def __init__(self, ntoken: int = 40, ninp: int = 8, nhid: int = 12, nlayers: int = 1) -> None:
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid, nlayers)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid, self.nlayers = nhid, nlayers

    def forward(self, inputs: torch.Tensor, hidden):
        output, hidden = self.rnn(self.encoder(inputs), hidden)
        return self.decoder(output), hidden

    def init_hidden(self, bsz: int):
        weight = next(self.parameters())
        return (weight.new_zeros(self.nlayers, bsz, self.nhid), weight.new_zeros(self.nlayers, bsz, self.nhid))


def get_batch(source: torch.Tensor, i: int, bptt: int):
    seq_len = min(bptt, len(source) - 1 - i)
    return source[i : i + seq_len], source[i + 1 : i + 1 + seq_len].reshape(-1)


def train_epoch(model: RNNModel, train_data: torch.Tensor, bptt: int = 5, lr: float = 1.0) -> None:
    model.train()
    hidden = model.init_hidden(train_data.shape[1])
    for i in range(0, train_data.size(0) - 1, bptt):
        data, targets = get_batch(train_data, i, bptt)
        model.zero_grad()
        output, hidden = model(data, hidden)
        loss = F.cross_entropy(output.view(-1, output.shape[-1]), targets)
        loss.backward()  # error: GL108
        nn.utils.clip_grad_norm_(model.parameters(), 0.25)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)


if __name__ == "__main__":
    corpus = torch.randint(0, 40, (16, 2), device=device)
    train_epoch(RNNModel().to(device), corpus)
