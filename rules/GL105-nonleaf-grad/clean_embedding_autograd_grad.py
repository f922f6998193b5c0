"""Token saliency computed with `torch.autograd.grad` with respect to the embedding
output: the gradient is returned, not read from the non-leaf's `.grad`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab: int = 40, dim: int = 8, classes: int = 3) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.classifier = nn.Linear(dim, classes)


def token_saliency(model: BagOfEmbeddings, tokens: torch.Tensor, label: int) -> torch.Tensor:
    embedded = model.embedding(tokens)
    logits = model.classifier(embedded.mean(1))
    (grad,) = torch.autograd.grad(logits[0, label], embedded)
    return grad.norm(dim=-1)


if __name__ == "__main__":
    clf = BagOfEmbeddings().to(device)
    print(token_saliency(clf, torch.randint(0, 40, (1, 5), device=device), label=0))
