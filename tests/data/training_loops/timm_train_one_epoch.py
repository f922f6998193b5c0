"""timm's `train_one_epoch` shape: a loss scaler does backward (and the step when
`need_update`), accumulation by `accum_steps`, zeroing after each update."""
import torch
from timm.utils import NativeScaler, dispatch_clip_grad


def train_one_epoch(model, loader, optimizer, loss_fn, lr_scheduler=None, loss_scaler=None,
                    clip_grad=None, accum_steps: int = 1, num_updates: int = 0):
    model.train()
    last_accum_steps = len(loader) % accum_steps
    updates_per_epoch = (len(loader) + accum_steps - 1) // accum_steps
    last_batch_idx = len(loader) - 1
    last_batch_idx_to_accum = len(loader) - last_accum_steps
    optimizer.zero_grad()
    for batch_idx, (input, target) in enumerate(loader):
        last_batch = batch_idx == last_batch_idx
        need_update = last_batch or (batch_idx + 1) % accum_steps == 0
        update_idx = batch_idx // accum_steps
        if batch_idx >= last_batch_idx_to_accum:
            accum_steps = last_accum_steps

        def _forward():
            with torch.autocast("cuda", dtype=torch.bfloat16):
                output = model(input)
                loss = loss_fn(output, target)
            if accum_steps > 1:
                loss /= accum_steps
            return loss

        def _backward(_loss):
            if loss_scaler is not None:
                loss_scaler(_loss, optimizer, clip_grad=clip_grad, parameters=model.parameters(),
                            need_update=need_update)
            else:
                _loss.backward()
                if need_update:
                    if clip_grad is not None:
                        dispatch_clip_grad(model.parameters(), value=clip_grad)
                    optimizer.step()

        loss = _forward()
        _backward(loss)
        if not need_update:
            continue
        num_updates += 1
        optimizer.zero_grad()
        if lr_scheduler is not None:
            lr_scheduler.step_update(num_updates=num_updates)
    return num_updates, updates_per_epoch, update_idx


__all__ = ["NativeScaler", "train_one_epoch"]
