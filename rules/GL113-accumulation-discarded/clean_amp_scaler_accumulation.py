"""The AMP recipe's accumulation: scaled backward on every micro-batch; unscale, clip,
`scaler.step`, `scaler.update` and `zero_grad` once per window."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
AMP_DTYPE = torch.float16 if device.type == "cuda" else torch.bfloat16


def mlp(dims: list) -> nn.Sequential:
    layers = []
    for fan_in, fan_out in zip(dims[:-1], dims[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.SiLU()]
    return nn.Sequential(*layers[:-1])


def train(model: nn.Module, loader, grad_accum: int = 2, max_norm: float = 1.0) -> None:
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scaler = torch.amp.GradScaler(device.type)
    for it, (x, y) in enumerate(loader):
        with torch.autocast(device.type, dtype=AMP_DTYPE):
            pred = model(x.to(device))
        loss = F.mse_loss(pred.float(), y.to(device)) / grad_accum
        scaler.scale(loss).backward()
        if (it + 1) % grad_accum == 0:
            scaler.unscale_(optimizer)
            nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)


if __name__ == "__main__":
    net = mlp([8, 16, 16, 1]).to(device)
    train(net, [(torch.randn(4, 8), torch.randn(4, 1)) for _ in range(4)])
