"""A Lightning-style module that stores each `training_step` loss in
`self.training_step_outputs` for the epoch-end mean: the list keeps every step's graph
until the epoch ends. The trainer loop is a small stand-in for Lightning's."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class LitClassifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 3))
        self.training_step_outputs = []
        self.logged = {}

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.cross_entropy(self.layer(x), y)
        self.training_step_outputs.append(loss)  # error: GL109
        return loss

    def on_train_epoch_end(self) -> None:
        self.logged["train_loss_epoch"] = torch.stack(self.training_step_outputs).mean().item()
        self.training_step_outputs.clear()

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


def fit(module: LitClassifier, batches) -> None:
    """What the framework does around training_step (automatic optimization)."""
    optimizer = module.configure_optimizers()
    for i, batch in enumerate(batches):
        optimizer.zero_grad()
        module.training_step(batch, i).backward()
        optimizer.step()
    module.on_train_epoch_end()


if __name__ == "__main__":
    model = LitClassifier().to(device)
    fit(model, [(torch.randn(4, 6, device=device), torch.randint(0, 3, (4,), device=device)) for _ in range(4)])
    print(model.logged)
