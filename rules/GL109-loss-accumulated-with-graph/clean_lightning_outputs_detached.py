"""A Lightning-style module that stores `loss.detach()` in `self.training_step_outputs`
for the epoch-end mean. The trainer loop is a small stand-in for Lightning's."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LitRegressor(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
        self.training_step_outputs = []

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self.layer(x), y)
        self.training_step_outputs.append(loss.detach())
        return loss

    def on_train_epoch_end(self) -> float:
        epoch_mean = torch.stack(self.training_step_outputs).mean().item()
        self.training_step_outputs.clear()
        return epoch_mean


def fit(module: LitRegressor, batches) -> float:
    optimizer = torch.optim.Adam(module.parameters(), lr=1e-3)
    for i, batch in enumerate(batches):
        optimizer.zero_grad()
        module.training_step(batch, i).backward()
        optimizer.step()
    return module.on_train_epoch_end()


if __name__ == "__main__":
    print(fit(LitRegressor().to(device), [(torch.randn(4, 4, device=device), torch.randn(4, 1, device=device)) for _ in range(4)]))
