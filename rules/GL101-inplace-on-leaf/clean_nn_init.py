"""Weight initialisation with nn.init, which runs under no_grad inside torch."""
import torch
from torch import nn
from torch.nn import init

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ConvNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8, 2)
        self.gate = nn.Parameter(torch.empty(8))
        self._init_weights()

    def _init_weights(self) -> None:
        nn.init.kaiming_normal_(self.conv.weight, nonlinearity="relu")
        nn.init.zeros_(self.conv.bias)
        init.xavier_uniform_(self.fc.weight)
        torch.nn.init.constant_(self.fc.bias, 0.1)
        nn.init.ones_(self.gate)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.conv(x).relu().mean(dim=(2, 3)) * self.gate
        return self.fc(h)


if __name__ == "__main__":
    print(ConvNet().to(device)(torch.randn(2, 3, 8, 8, device=device)).shape)
