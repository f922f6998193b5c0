"""Mixed precision with a GradScaler, and no zeroing at all."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, loader, steps: int = 3) -> None:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    scaler = torch.amp.GradScaler(device.type)
    for step, (x, y) in enumerate(loader):
        with torch.autocast(device.type, dtype=torch.bfloat16):
            loss = nn.functional.mse_loss(model(x).float(), y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)  # error: GL103
        scaler.update()
        if step + 1 == steps:
            break


if __name__ == "__main__":
    net = nn.Linear(4, 1).to(device)
    train(net, [(torch.randn(3, 4, device=device), torch.randn(3, 1, device=device)) for _ in range(3)])
