"""An AMP training script whose optimizer update lives in a helper that is given the
optimizer: it unscales, clips, steps and clears, and the loop calls it at the end of
each accumulation window. The clearing in the helper is the one the loop's step needs."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def build_mlp(sizes: list) -> nn.Sequential:
    layers: list = []
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.LayerNorm(b), nn.GELU()]
    return nn.Sequential(*layers[:-2])


def optimizer_step(optimizer: torch.optim.Optimizer, scaler, model: nn.Module, max_norm: float) -> None:
    scaler.unscale_(optimizer)
    nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    scaler.step(optimizer)
    scaler.update()
    optimizer.zero_grad(set_to_none=True)


def clear_gradients(optimizer: torch.optim.Optimizer) -> None:
    optimizer.zero_grad(set_to_none=True)


def train(model: nn.Module, loader, epochs: int = 2, accum: int = 2, max_norm: float = 1.0) -> None:
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    scaler = torch.amp.GradScaler(device.type, enabled=device.type == "cuda")
    for epoch in range(epochs):
        clear_gradients(opt)
        for it, (x, y) in enumerate(loader):
            with torch.autocast(device.type, enabled=device.type == "cuda"):
                loss = F.mse_loss(model(x.to(device)), y.to(device)) / accum
            scaler.scale(loss).backward()
            if (it + 1) % accum == 0:
                optimizer_step(opt, scaler, model, max_norm)


def finetune_head(model: nn.Sequential, loader) -> None:
    head_opt = torch.optim.SGD(model[-1].parameters(), lr=1e-2, momentum=0.9)
    for x, y in loader:
        clear_gradients(head_opt)
        loss = F.mse_loss(model(x.to(device)), y.to(device))
        loss.backward()
        head_opt.step()


if __name__ == "__main__":
    net = build_mlp([6, 16, 16, 2]).to(device)
    data = [(torch.randn(4, 6), torch.randn(4, 2)) for _ in range(4)]
    train(net, data)
    finetune_head(net, data)
