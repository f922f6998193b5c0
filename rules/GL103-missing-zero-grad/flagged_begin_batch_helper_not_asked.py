"""Truncated BPTT with a `begin_batch(zero_grad=False)` helper that detaches the hidden
state and clears the gradients only when asked; the loop calls `begin_batch()` without
asking, then backward and step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LanguageModel(nn.Module):
    def __init__(self, vocab: int = 24, dim: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, dim, batch_first=True)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens: torch.Tensor, hidden: torch.Tensor):
        out, hidden = self.rnn(self.embed(tokens), hidden)
        return self.head(out), hidden


class TBPTTTrainer:
    def __init__(self, model: LanguageModel, lr: float = 1e-3) -> None:
        self.model = model
        self.optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        self.hidden = torch.zeros(1, 2, 8, device=device)

    def begin_batch(self, zero_grad: bool = False) -> None:
        self.hidden = self.hidden.detach()
        if zero_grad:
            self.optimizer.zero_grad()

    def train(self, stream: torch.Tensor, bptt: int = 4) -> None:
        self.model.train()
        for i in range(0, stream.size(1) - 1, bptt):
            inputs, targets = stream[:, i : i + bptt], stream[:, i + 1 : i + 1 + bptt]
            self.begin_batch()
            logits, self.hidden = self.model(inputs, self.hidden)
            loss = nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1))
            loss.backward()
            self.optimizer.step()  # error: GL103


if __name__ == "__main__":
    trainer = TBPTTTrainer(LanguageModel().to(device))
    trainer.train(torch.randint(0, 24, (2, 13), device=device))
