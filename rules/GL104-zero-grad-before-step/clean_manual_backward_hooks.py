"""A Lightning-style manual-optimization step: zero, manual_backward, step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ManualModule(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(3, 1)
        self._opt = torch.optim.SGD(self.layer.parameters(), lr=0.01)

    def optimizers(self):
        return self._opt

    def manual_backward(self, loss: torch.Tensor) -> None:
        loss.backward()

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        x, y = batch
        opt.zero_grad()
        loss = nn.functional.mse_loss(self.layer(x), y)
        self.manual_backward(loss)
        opt.step()
        return loss


if __name__ == "__main__":
    module = ManualModule().to(device)
    for i in range(2):
        module.training_step((torch.randn(4, 3, device=device), torch.randn(4, 1, device=device)), i)
