"""Decoupled weight decay applied by hand, skipping biases, before the optimizer step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def decay_weights(model: nn.Module, lr: float, weight_decay: float) -> None:
    for name, param in model.named_parameters():
        if name.endswith("bias"):
            continue
        param.mul_(1 - lr * weight_decay)  # error: GL101


def train_epoch(model: nn.Module, optimizer, batches) -> None:
    for x, y in batches:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        decay_weights(model, lr=1e-3, weight_decay=0.01)
        optimizer.step()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=1e-3)
    train_epoch(net, opt, [(torch.randn(4, 3, device=device), torch.randn(4, 1, device=device))])
