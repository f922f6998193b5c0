"""A trainer whose `train_step()` is called once per batch by `fit()`: it clears the
model's gradients on every call, while the optimizer steps every `accumulate` calls."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def build_regressor(width: int) -> nn.Module:
    model = nn.Sequential(nn.Linear(5, width), nn.LayerNorm(width), nn.ReLU(), nn.Linear(width, 1))
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    return model


class Trainer:
    def __init__(self, model: nn.Module, accumulate: int = 2, lr: float = 1e-2) -> None:
        self.model = model
        self.accumulate = accumulate
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True)
        self.global_step = 0

    def train_step(self, batch, step: int) -> float:
        self.model.zero_grad(set_to_none=True)  # error: GL113
        x, y = batch
        loss = F.huber_loss(self.model(x.to(device)), y.to(device))
        (loss / self.accumulate).backward()
        if (step + 1) % self.accumulate == 0:
            self.optimizer.step()
            self.global_step += 1
        return loss.item()

    def fit(self, loader, epochs: int = 1) -> list:
        self.model.train()
        history = []
        for _ in range(epochs):
            for step, batch in enumerate(loader):
                history.append(self.train_step(batch, step))
        return history


if __name__ == "__main__":
    trainer = Trainer(build_regressor(8).to(device))
    trainer.fit([(torch.randn(6, 5), torch.randn(6, 1)) for _ in range(4)])
