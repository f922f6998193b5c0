"""The AMP recipe's gradient accumulation: scaled backward every iteration; step,
update and zero every `iters_to_accumulate`."""
import torch
from torch.amp import GradScaler, autocast


def train(model, optimizer, loss_fn, data, epochs: int, iters_to_accumulate: int = 4) -> None:
    scaler = GradScaler("cuda")
    for epoch in range(epochs):
        for i, (input, target) in enumerate(data):
            with autocast(device_type="cuda", dtype=torch.float16):
                output = model(input)
                loss = loss_fn(output, target)
                loss = loss / iters_to_accumulate
            scaler.scale(loss).backward()
            if (i + 1) % iters_to_accumulate == 0:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
                scaler.step(optimizer)
                scaler.update()
                optimizer.zero_grad()
