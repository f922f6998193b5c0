"""A pruning gate declared as a bool mask that requires grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class GatedLinear(nn.Linear):
    def __init__(self, fan_in: int, fan_out: int) -> None:
        super().__init__(fan_in, fan_out)
        self.gate = torch.ones(fan_out, dtype=torch.bool, requires_grad=True)  # error: GL112

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x) * self.gate


if __name__ == "__main__":
    layer = GatedLinear(4, 3).to(device)
    print(layer(torch.randn(2, 4, device=device)))
