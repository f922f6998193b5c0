"""An early-stopping callback that checks the validation loss with np.isnan; validation runs with grad on."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EarlyStopping:
    def __init__(self, patience: int = 2) -> None:
        self.patience = patience
        self.best = np.inf
        self.bad_epochs = 0

    def step(self, val_loss) -> bool:
        if np.isnan(val_loss):  # error: GL110
            return True
        if val_loss < self.best:
            self.best, self.bad_epochs = val_loss, 0
        else:
            self.bad_epochs += 1
        return self.bad_epochs > self.patience


def validate(model: nn.Module, data) -> torch.Tensor:
    model.eval()
    x, y = data
    return nn.functional.mse_loss(model(x), y).cpu()


if __name__ == "__main__":
    model = nn.Linear(4, 1).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    train = (torch.randn(8, 4, device=device), torch.randn(8, 1, device=device))
    val = (torch.randn(8, 4, device=device), torch.randn(8, 1, device=device))
    stopper = EarlyStopping()
    for epoch in range(5):
        model.train()
        optimizer.zero_grad()
        nn.functional.mse_loss(model(train[0]), train[1]).backward()
        optimizer.step()
        if stopper.step(validate(model, val)):
            break
