"""The file's own helper clears the gradients (`p.grad = None`) at the start of every
micro-batch of an accumulation whose step waits for the window to fill."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def reset_grads(model: nn.Module) -> None:
    for p in model.parameters():
        p.grad = None


class TinyTransformer(nn.Module):
    def __init__(self, vocab: int = 20, dim: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.block = nn.TransformerEncoderLayer(dim, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True)
        self.head = nn.Linear(dim, vocab)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.block(self.embed(tokens)))


def train(model: nn.Module, batches, tokens_per_step: int = 48) -> None:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    seen = 0
    for tokens in batches:
        reset_grads(model)  # error: GL113
        tokens = tokens.to(device)
        logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), tokens[:, 1:].reshape(-1), reduction="sum")
        (loss / tokens_per_step).backward()
        seen += tokens[:, 1:].numel()
        if seen >= tokens_per_step:
            optimizer.step()
            seen = 0


if __name__ == "__main__":
    net = TinyTransformer().to(device)
    train(net, [torch.randint(0, 20, (3, 9)) for _ in range(4)])
