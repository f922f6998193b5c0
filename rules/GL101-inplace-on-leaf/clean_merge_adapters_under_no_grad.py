"""Merging adapter deltas into `model.encoder.layers[i].mlp.fc1.weight` with `+=`, from a helper
that the file calls only inside `with torch.no_grad():`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FeedForward(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))


class EncoderLayer(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.mlp = FeedForward(dim, dim * 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.mlp(self.norm(x))


class Encoder(nn.Module):
    def __init__(self, dim: int, depth: int) -> None:
        super().__init__()
        self.layers = nn.ModuleList([EncoderLayer(dim) for _ in range(depth)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        return x


class Classifier(nn.Module):
    def __init__(self, dim: int = 8, depth: int = 3, num_classes: int = 4) -> None:
        super().__init__()
        self.encoder = Encoder(dim, depth)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(x).mean(dim=1))


def merge_adapters(model: Classifier, downs: list, ups: list, scale: float) -> None:
    for i, (a, b) in enumerate(zip(downs, ups)):
        model.encoder.layers[i].mlp.fc1.weight += scale * (b @ a)


def export(model: Classifier, downs: list, ups: list) -> Classifier:
    with torch.no_grad():
        merge_adapters(model, downs, ups, scale=0.5)
    return model


if __name__ == "__main__":
    rank, dim = 2, 8
    downs = [torch.randn(rank, dim, device=device) for _ in range(3)]
    ups = [torch.randn(dim * 2, rank, device=device) for _ in range(3)]
    merged = export(Classifier().to(device), downs, ups)
    merged(torch.randn(2, 5, dim, device=device)).sum().backward()
