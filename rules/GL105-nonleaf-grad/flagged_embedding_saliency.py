"""Token saliency for a text classifier read from the embedding output's `.grad`: the
embeddings are the result of a lookup, not a leaf, so the scores cannot be computed."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab: int = 50, dim: int = 8, classes: int = 2) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.classifier = nn.Linear(dim, classes)

    def classify(self, embedded: torch.Tensor) -> torch.Tensor:
        return self.classifier(embedded.mean(1))


def token_saliency(model: BagOfEmbeddings, tokens: torch.Tensor, label: int) -> torch.Tensor:
    embedded = model.embedding(tokens)
    logits = model.classify(embedded)
    logits[0, label].backward()
    return embedded.grad.norm(dim=-1)  # error: GL105


if __name__ == "__main__":
    clf = BagOfEmbeddings().to(device)
    print(token_saliency(clf, torch.randint(0, 50, (1, 6), device=device), label=1))
