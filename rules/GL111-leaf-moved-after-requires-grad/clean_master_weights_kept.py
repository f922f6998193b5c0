"""Mixed precision by hand: float32 master weights are the leaves the optimizer holds; a half copy is made for each forward."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class HalfLinear(nn.Module):
    def __init__(self, fan_in: int, fan_out: int) -> None:
        super().__init__()
        self.master = nn.Parameter(torch.randn(fan_out, fan_in) * 0.1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        weight = self.master.to(torch.bfloat16)
        return (x.to(torch.bfloat16) @ weight.t()).float()


if __name__ == "__main__":
    layer = HalfLinear(6, 3).to(device)
    optimizer = torch.optim.SGD(layer.parameters(), lr=0.1)
    x, y = torch.randn(4, 6, device=device), torch.randn(4, 3, device=device)
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(layer(x), y).backward()
        optimizer.step()
