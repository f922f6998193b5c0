"""Zeroing through a `self.reset_grads()` helper at the top of the loop."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Learner:
    def __init__(self) -> None:
        self.model = nn.Linear(4, 2).to(device)
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.05)

    def reset_grads(self) -> None:
        for p in self.model.parameters():
            p.grad = None

    def learn(self, loader) -> None:
        for x, y in loader:
            self.reset_grads()
            loss = nn.functional.mse_loss(self.model(x), y)
            loss.backward()
            self.opt.step()


if __name__ == "__main__":
    Learner().learn([(torch.randn(3, 4, device=device), torch.randn(3, 2, device=device)) for _ in range(3)])
