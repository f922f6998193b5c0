"""A weight-tied language model with a `max_norm` embedding whose output layer is
`h @ self.embed.weight.t()`; later lookups renormalise the weight in place, but forward and
backward run inside `allow_mutation_on_saved_tensors()`, where that is allowed."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TiedLM(nn.Module):
    def __init__(self, vocab: int = 20, dim: int = 8) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, max_norm=1.0)
        self.rnn = nn.GRU(dim, dim, batch_first=True)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        h, _ = self.rnn(self.embed(tokens))
        return h @ self.embed.weight.t()


def train(model: TiedLM, optimizer: torch.optim.Optimizer, chunks: list) -> None:
    for chunk in chunks:
        optimizer.zero_grad()
        with torch.autograd.graph.allow_mutation_on_saved_tensors():
            first = model(chunk[:, :4])
            second = model(chunk[:, 4:-1])
            loss = F.cross_entropy(torch.cat([first, second], 1).flatten(0, 1), chunk[:, 1:].flatten())
            loss.backward()
        optimizer.step()


if __name__ == "__main__":
    model = TiedLM().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train(model, opt, [torch.randint(0, 20, (2, 9), device=device) for _ in range(2)])
