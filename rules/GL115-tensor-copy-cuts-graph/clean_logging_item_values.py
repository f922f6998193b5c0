"""Loss values logged with torch.tensor of Python floats taken with .item(): plain data, nothing to cut."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Tracker:
    def __init__(self) -> None:
        self.values = []

    def update(self, loss: torch.Tensor) -> None:
        self.values.append(loss.item())

    def summary(self) -> dict:
        history = torch.tensor(self.values)
        return {"mean": history.mean().item(), "min": history.min().item()}


if __name__ == "__main__":
    model = nn.Linear(4, 2).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    tracker = Tracker()
    for _ in range(3):
        optimizer.zero_grad()
        loss = model(torch.randn(3, 4, device=device)).pow(2).mean()
        loss.backward()
        optimizer.step()
        tracker.update(loss)
    print(tracker.summary())
