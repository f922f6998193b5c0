"""A DARTS mixed op whose candidate ops all read the same input: max pooling saves it for
backward, then a separable conv that starts with `nn.ReLU(inplace=True)` overwrites it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SepConv(nn.Module):
    def __init__(self, c: int) -> None:
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=True),
            nn.Conv2d(c, c, kernel_size=3, padding=1, groups=c, bias=False),
            nn.Conv2d(c, c, kernel_size=1, bias=False),
            nn.BatchNorm2d(c, affine=False),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.op(x)  # error: GL102


OPS = {
    "max_pool_3x3": lambda c: nn.MaxPool2d(3, stride=1, padding=1),
    "skip_connect": lambda c: nn.Identity(),
    "sep_conv_3x3": lambda c: SepConv(c),
}


class MixedOp(nn.Module):
    def __init__(self, c: int) -> None:
        super().__init__()
        self._ops = nn.ModuleList(OPS[name](c) for name in OPS)

    def forward(self, x: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        return sum(w * op(x) for w, op in zip(weights, self._ops))


class SearchCell(nn.Module):
    def __init__(self, c: int = 4) -> None:
        super().__init__()
        self.preprocess = nn.Sequential(nn.Conv2d(c, c, 1, bias=False), nn.BatchNorm2d(c, affine=False))
        self.mixed = MixedOp(c)
        self.alphas = nn.Parameter(1e-3 * torch.randn(len(OPS)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mixed(self.preprocess(x), F.softmax(self.alphas, dim=-1))


if __name__ == "__main__":
    cell = SearchCell().to(device)
    cell(torch.randn(2, 4, 6, 6, device=device)).pow(2).mean().backward()
