"""pytorch/examples' word language model: with `--use-optimizer` the loop zeroes and
steps the optimizer, without it the model's gradients are zeroed and a manual SGD
update follows; both tests read the same unchanged flag."""
import argparse

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class RNNModel(nn.Module):
    def __init__(self, ntoken: int = 20, ninp: int = 8, nhid: int = 8) -> None:
        super().__init__()
        self.encoder = nn.Embedding(ntoken, ninp)
        self.rnn = nn.LSTM(ninp, nhid)
        self.decoder = nn.Linear(nhid, ntoken)
        self.nhid = nhid

    def forward(self, input: torch.Tensor, hidden):
        output, hidden = self.rnn(self.encoder(input), hidden)
        return self.decoder(output).view(-1, self.decoder.out_features), hidden

    def init_hidden(self, bsz: int):
        weight = next(self.parameters())
        return (weight.new_zeros(1, bsz, self.nhid), weight.new_zeros(1, bsz, self.nhid))


def repackage_hidden(h):
    if isinstance(h, torch.Tensor):
        return h.detach()
    return tuple(repackage_hidden(v) for v in h)


def train(args: argparse.Namespace, model: RNNModel, train_data: torch.Tensor, lr: float = 2.0) -> None:
    model.train()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    hidden = model.init_hidden(args.batch_size)
    for i in range(0, train_data.size(0) - 1, args.bptt):
        seq_len = min(args.bptt, len(train_data) - 1 - i)
        data, targets = train_data[i : i + seq_len], train_data[i + 1 : i + 1 + seq_len].reshape(-1)
        if args.use_optimizer:
            optimizer.zero_grad()
        else:
            model.zero_grad()
        hidden = repackage_hidden(hidden)
        output, hidden = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()

        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        if args.use_optimizer:
            optimizer.step()
        else:
            for p in model.parameters():
                p.data.add_(p.grad, alpha=-lr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--bptt", type=int, default=3)
    parser.add_argument("--batch_size", type=int, default=2)
    parser.add_argument("--clip", type=float, default=0.25)
    parser.add_argument("--use-optimizer", action="store_true")
    corpus = torch.randint(0, 20, (10, 2), device=device)
    for argv in ([], ["--use-optimizer"]):
        train(parser.parse_args(argv), RNNModel().to(device), corpus)
