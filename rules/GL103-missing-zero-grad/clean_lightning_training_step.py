"""A Lightning-style module with automatic optimization: training_step returns the loss
and the framework does backward, step and zeroing."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LitClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(6, 3)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self.layer(x), y)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


def fake_trainer(module: LitClassifier, batches) -> None:
    """What the framework does around training_step."""
    optimizer = module.configure_optimizers()
    for i, batch in enumerate(batches):
        optimizer.zero_grad()
        loss = module.training_step(batch, i)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    model = LitClassifier().to(device)
    fake_trainer(model, [(torch.randn(4, 6, device=device), torch.randint(0, 3, (4,), device=device)) for _ in range(2)])
