"""Editing one row of an embedding table that is a leaf: a view of a leaf."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Vocab:
    def __init__(self, size: int, dim: int) -> None:
        self.table = torch.randn(size, dim, device=device, requires_grad=True)

    def lookup(self, ids: torch.Tensor) -> torch.Tensor:
        return self.table[ids]

    def reset_token(self, index: int) -> None:
        self.table[index] *= 0.0  # error: GL101


if __name__ == "__main__":
    vocab = Vocab(10, 4)
    vocab.lookup(torch.tensor([1, 2], device=device)).sum().backward()
    vocab.reset_token(0)
