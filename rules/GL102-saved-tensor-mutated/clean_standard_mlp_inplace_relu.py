"""The standard MLP with in-place ReLUs: Linear does not save its output, and the
dropout after the ReLU is out of place."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(5, 16),
            nn.ReLU(inplace=True),
            nn.Dropout(0.1),
            nn.Linear(16, 16),
            nn.ReLU(inplace=True),
            nn.Linear(16, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)


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
