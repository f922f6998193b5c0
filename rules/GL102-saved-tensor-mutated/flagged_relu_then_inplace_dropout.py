"""An MLP whose in-place Dropout writes the output that the in-place ReLU before it saved."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(5, 16),
            nn.ReLU(inplace=True),
            nn.Dropout(0.1, inplace=True),
            nn.Linear(16, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # error: GL102


def train_epoch(model: MLP, optimizer, batches) -> None:
    for x, y in batches:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    net = MLP().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train_epoch(net, opt, [(torch.randn(4, 5, device=device), torch.randn(4, 1, device=device))])
