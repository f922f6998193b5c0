"""ignite's documented accumulation: the process function steps and zeroes under the
same guard, after the batch's backward. `Engine` is a small stand-in for
`ignite.engine.Engine` (iteration counted from 1, one call per batch)."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
accumulation_steps = 2


class State:
    def __init__(self) -> None:
        self.iteration = 0
        self.epoch = 0
        self.output = None


class Engine:
    """What ignite's Engine does with a process function: call it once per batch."""

    def __init__(self, process_function) -> None:
        self._process_function = process_function
        self.state = State()

    def run(self, data, max_epochs: int = 1) -> State:
        for _ in range(max_epochs):
            self.state.epoch += 1
            for batch in data:
                self.state.iteration += 1
                self.state.output = self._process_function(self, batch)
        return self.state


model = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.SmoothL1Loss()


def update_fn(engine: Engine, batch) -> float:
    model.train()
    x, y = (t.to(device) for t in batch)
    y_pred = model(x)
    loss = criterion(y_pred, y) / accumulation_steps
    loss.backward()
    if engine.state.iteration % accumulation_steps == 0:
        optimizer.step()
        optimizer.zero_grad()
    return loss.item()


trainer = Engine(update_fn)

if __name__ == "__main__":
    trainer.run([(torch.randn(4, 6), torch.randn(4, 1)) for _ in range(4)], max_epochs=1)
