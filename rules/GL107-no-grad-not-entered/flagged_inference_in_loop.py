"""Batch scoring in a loop, with the guard built on each iteration and never entered."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Scorer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(5, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight


def score_all(model: Scorer, chunks: list) -> list:
    results = []
    for chunk in chunks:
        if chunk.numel() == 0:
            continue
        torch.inference_mode(True)  # error: GL107
        results.append(model(chunk.to(device)).squeeze(-1))
    return results


if __name__ == "__main__":
    scorer = Scorer().to(device)
    outs = score_all(scorer, [torch.randn(2, 5), torch.randn(0, 5), torch.randn(3, 5)])
    print([o.requires_grad for o in outs])
