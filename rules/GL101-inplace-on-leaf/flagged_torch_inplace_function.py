"""Keeping a learnable temperature positive with `torch.clamp_`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ContrastiveHead(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.temperature = nn.Parameter(torch.tensor(0.07))

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        logits = a @ b.t() / self.temperature
        return nn.functional.cross_entropy(logits, torch.arange(a.shape[0], device=a.device))


def step(head: ContrastiveHead, a: torch.Tensor, b: torch.Tensor) -> None:
    head(a, b).backward()
    torch.clamp_(head.temperature, min=0.01)  # error: GL101


if __name__ == "__main__":
    model = ContrastiveHead().to(device)
    step(model, torch.randn(4, 8, device=device), torch.randn(4, 8, device=device))
