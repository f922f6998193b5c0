"""A Lightning-style module whose validation step names the class instead of calling it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LitRegressor(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(4, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self.proj(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        with torch.no_grad:  # error: GL107
            preds = self.proj(x)
        return F.mse_loss(preds, y)


if __name__ == "__main__":
    module = LitRegressor().to(device)
    batch = (torch.randn(5, 4, device=device), torch.randn(5, 1, device=device))
    loss = module.training_step(batch, 0)
    loss.backward()
    print("val", module.validation_step(batch, 0).item())
