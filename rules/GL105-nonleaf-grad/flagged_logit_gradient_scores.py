"""Per-example "gradient norm" scores for data pruning, read from the logits' `.grad`
after a backward over the batch: the logits are a non-leaf, so `.grad` is None."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Scorer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model

    def grand_scores(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        self.model.zero_grad()
        logits = self.model(x)
        F.cross_entropy(logits, y, reduction="sum").backward()
        return logits.grad.norm(dim=1)  # error: GL105


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 3)).to(device)
    scorer = Scorer(net)
    print(scorer.grand_scores(torch.randn(8, 6, device=device), torch.randint(0, 3, (8,), device=device)))
