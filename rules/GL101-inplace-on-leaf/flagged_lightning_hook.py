"""A Lightning-style module whose after-backward hook edits a parameter."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LitModel(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 1)
        self.scale = nn.Parameter(torch.ones(1))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return F.mse_loss(self.layer(x) * self.scale, y)

    def on_after_backward(self) -> None:
        if self.scale.grad is not None and self.scale.grad.abs().item() > 0:
            self.scale *= 0.5  # error: GL101


if __name__ == "__main__":
    model = LitModel().to(device)
    loss = model.training_step((torch.randn(3, 4, device=device), torch.randn(3, 1, device=device)), 0)
    loss.backward()
    model.on_after_backward()
