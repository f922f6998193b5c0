"""ignite's gradient-accumulation FAQ as first published (pytorch/ignite#583): the
zeroing under the guard runs before the batch's backward, so each step sees one
batch."""
from ignite.engine import Engine
from ignite.utils import convert_tensor


def create_trainer(model, optimizer, criterion, device, accumulation_steps: int = 4) -> Engine:
    def update_fn(engine, batch):
        model.train()
        if engine.state.iteration % accumulation_steps == 0:
            optimizer.zero_grad()  # error: GL113
        x, y = (convert_tensor(t, device=device, non_blocking=True) for t in batch)
        y_pred = model(x)
        loss = criterion(y_pred, y) / accumulation_steps
        loss.backward()
        if engine.state.iteration % accumulation_steps == 0:
            optimizer.step()
        return loss.item()

    return Engine(update_fn)
