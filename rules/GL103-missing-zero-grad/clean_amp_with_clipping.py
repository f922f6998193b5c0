"""Mixed precision done right: zero, scaled backward, unscale, clip, step, update."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, loader) -> None:
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scaler = torch.amp.GradScaler(device.type)
    for x, y in loader:
        optimizer.zero_grad(set_to_none=True)
        with torch.autocast(device.type, dtype=torch.bfloat16):
            loss = nn.functional.mse_loss(model(x).float(), y)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        scaler.step(optimizer)
        scaler.update()


if __name__ == "__main__":
    net = nn.Linear(4, 1).to(device)
    train(net, [(torch.randn(3, 4, device=device), torch.randn(3, 1, device=device)) for _ in range(3)])
