"""forward() edits an auxiliary statistic in place, but returns something that does not
depend on the op that saved it."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Monitored(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.last_energy = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.fc(x)
        energy = out.exp()
        energy.clamp_(max=100.0)
        self.last_energy = energy.detach().mean().item()
        return out * 2.0


if __name__ == "__main__":
    model = Monitored().to(device)
    model(torch.randn(2, 4, device=device)).sum().backward()
    print(model.last_energy)
