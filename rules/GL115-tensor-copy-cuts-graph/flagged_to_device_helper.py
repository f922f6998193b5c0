"""A "move to the right device" helper written with torch.tensor(t, device=...): the encoder output loses its graph."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def to_device(t, target=device) -> torch.Tensor:
    return torch.tensor(t, device=target)  # error: GL115


class Seq2Vec(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.GRU(4, 6, batch_first=True)
        self.decoder = nn.Linear(6, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _, h = self.encoder(x)
        return self.decoder(to_device(h[-1]))


if __name__ == "__main__":
    model = Seq2Vec().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(3, 5, 4, device=device), torch.randint(0, 2, (3,), device=device)
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x), y).backward()
    optimizer.step()
    print(model.encoder.weight_ih_l0.grad)
