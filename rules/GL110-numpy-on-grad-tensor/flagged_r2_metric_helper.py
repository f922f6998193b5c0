"""A validation step that passes raw predictions to a NumPy metric helper, which converts them."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def r2_score(pred: torch.Tensor, target: torch.Tensor) -> float:
    pred_np = pred.cpu().numpy().ravel()  # error: GL110
    target_np = target.cpu().numpy().ravel()
    residual = ((target_np - pred_np) ** 2).sum()
    total = ((target_np - target_np.mean()) ** 2).sum()
    return 1.0 - residual / total


class Regressor(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1))

    def training_step(self, batch):
        x, y = batch
        return nn.functional.mse_loss(self.body(x), y)

    def validation_step(self, batch):
        x, y = batch
        pred = self.body(x)
        return {"val_loss": nn.functional.mse_loss(pred, y).item(), "r2": r2_score(pred, y)}


if __name__ == "__main__":
    module = Regressor().to(device)
    batch = (torch.randn(16, 5, device=device), torch.randn(16, 1, device=device))
    module.training_step(batch).backward()
    print(module.validation_step(batch))
