"""Token-level saliency that asks the integer token ids to require grad, instead of the embeddings."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TextClassifier(nn.Module):
    def __init__(self, vocab: int = 50, dim: int = 8, classes: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.head(self.embed(tokens).mean(dim=1))


def saliency(model: TextClassifier, tokens: torch.Tensor, target: int) -> torch.Tensor:
    tokens = tokens.clone().requires_grad_()  # error: GL112
    model(tokens)[:, target].sum().backward()
    return tokens.grad


if __name__ == "__main__":
    model = TextClassifier().to(device)
    batch = torch.randint(0, 50, (2, 7), device=device)
    print(saliency(model, batch, target=1))
