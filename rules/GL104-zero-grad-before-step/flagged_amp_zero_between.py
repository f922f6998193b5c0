"""Mixed precision: the scaled backward, then zero_grad (zeros kept, not None), then the
scaler's step. (With the default set_to_none=True, scaler.step() raises instead:
"No inf checks were recorded for this optimizer.")"""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, loader) -> None:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    scaler = torch.amp.GradScaler(device.type)
    for x, y in loader:
        with torch.autocast(device.type, dtype=torch.bfloat16):
            loss = nn.functional.mse_loss(model(x).float(), y)
        scaler.scale(loss).backward()
        optimizer.zero_grad(set_to_none=False)  # error: GL104
        scaler.step(optimizer)
        scaler.update()


if __name__ == "__main__":
    net = nn.Linear(4, 1).to(device)
    train(net, [(torch.randn(3, 4, device=device), torch.randn(3, 1, device=device)) for _ in range(2)])
