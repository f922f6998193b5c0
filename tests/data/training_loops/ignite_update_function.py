"""ignite's gradient-accumulation FAQ, corrected version: step and zero under the same
guard, after the batch's backward."""
from ignite.engine import Engine
from ignite.utils import convert_tensor


def create_trainer(model, optimizer, criterion, device, accumulation_steps: int = 4) -> Engine:
    def update_fn(engine, batch):
        model.train()
        x, y = (convert_tensor(t, device=device, non_blocking=True) for t in batch)
        y_pred = model(x)
        loss = criterion(y_pred, y) / accumulation_steps
        loss.backward()
        if engine.state.iteration % accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
        return loss.item()

    return Engine(update_fn)
