"""A histogram layer whose bin counts are declared torch.long and asked to require grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SoftHistogram(nn.Module):
    def __init__(self, bins: int) -> None:
        super().__init__()
        self.centers = nn.Parameter(torch.linspace(-1, 1, bins))
        self.width = 2.0 / bins

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        counts = torch.zeros(len(self.centers), dtype=torch.long, device=x.device, requires_grad=True)  # error: GL112
        weights = torch.exp(-((x.unsqueeze(-1) - self.centers) ** 2) / self.width)
        return counts + weights.sum(dim=0)


if __name__ == "__main__":
    layer = SoftHistogram(6).to(device)
    print(layer(torch.randn(10, device=device)))
