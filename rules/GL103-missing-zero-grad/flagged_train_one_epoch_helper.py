"""A `train_one_epoch(model, loader, optimizer)` helper without zero_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def progress(items, desc: str = ""):
    """A stand-in for tqdm: yields the items."""
    yield from items


def train_one_epoch(model: nn.Module, loader, optimizer, loss_fn) -> float:
    model.train()
    total = 0.0
    for batch_idx, (x, y) in enumerate(progress(loader, desc="train")):
        output = model(x)
        loss = loss_fn(output, y)
        loss.backward()
        optimizer.step()  # error: GL103
        total += loss.item()
    return total


if __name__ == "__main__":
    net = nn.Linear(5, 2).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    data = [(torch.randn(4, 5, device=device), torch.randn(4, 2, device=device)) for _ in range(3)]
    train_one_epoch(net, data, opt, nn.MSELoss())
