"""Train and validation phases sharing one loop via set_grad_enabled(flag)."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def run_epoch(model: nn.Module, optimizer, batches, phase: str) -> float:
    model.train(phase == "train")
    total = 0.0
    for x, y in batches:
        with torch.set_grad_enabled(phase == "train"):
            loss = F.mse_loss(model(x.to(device)), y.to(device))
            if phase == "train":
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        total += loss.item()
    return total


if __name__ == "__main__":
    net = nn.Linear(3, 1).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    data = [(torch.randn(4, 3), torch.randn(4, 1))]
    print(run_epoch(net, opt, data, "train"), run_epoch(net, opt, data, "val"))
