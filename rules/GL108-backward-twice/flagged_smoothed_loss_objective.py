"""A training loop that backpropagates an exponential moving average of the loss instead
of the loss: the average carries last step's (freed) graph into this step's backward."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, batches, beta: float = 0.9) -> None:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    smoothed = None
    for x, y in batches:
        loss = F.mse_loss(model(x), y)
        smoothed = loss if smoothed is None else beta * smoothed + (1 - beta) * loss
        optimizer.zero_grad()
        smoothed.backward()  # error: GL108
        optimizer.step()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    data = [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)) for _ in range(3)]
    train(net, data)
