"""Gradient accumulation by summing the micro-batch losses into one objective and
backpropagating it once per optimizer step: the total is meant to keep the graphs."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_step(model: nn.Module, optimizer, micro_batches) -> float:
    optimizer.zero_grad()
    total = 0.0
    for x, y in micro_batches:
        total = total + F.cross_entropy(model(x), y) / len(micro_batches)
    total.backward()
    optimizer.step()
    return total.item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(5, 10), nn.ReLU(), nn.Linear(10, 3)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    chunks = [(torch.randn(2, 5, device=device), torch.randint(0, 3, (2,), device=device)) for _ in range(4)]
    for _ in range(2):
        print(train_step(net, opt, chunks))
