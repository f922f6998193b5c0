"""Token saliency taken with respect to the embeddings, the float tensor, while the token ids stay integers."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TextClassifier(nn.Module):
    def __init__(self, vocab: int = 50, dim: int = 8, classes: int = 2) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.head = nn.Linear(dim, classes)

    def forward_embeddings(self, embedded: torch.Tensor) -> torch.Tensor:
        return self.head(embedded.mean(dim=1))


def saliency(model: TextClassifier, tokens: torch.Tensor, target: int) -> torch.Tensor:
    embedded = model.embed(tokens).detach().requires_grad_()
    model.forward_embeddings(embedded)[:, target].sum().backward()
    return embedded.grad.norm(dim=-1)


if __name__ == "__main__":
    model = TextClassifier().to(device)
    print(saliency(model, torch.randint(0, 50, (2, 7), device=device), target=1))
