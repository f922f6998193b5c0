"""A multi-optimizer trainer that keeps its optimizers in a dict: it zeroes them with
`for opt in self.optimizers.values(): opt.zero_grad()` and steps them the same way, so
every optimizer that steps was zeroed in that iteration."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EncoderDecoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
        self.decoder = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 8))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encoder(x))


class Trainer:
    def __init__(self, model: EncoderDecoder) -> None:
        self.model = model
        self.optimizers = {
            "encoder": torch.optim.AdamW(model.encoder.parameters(), lr=1e-3),
            "decoder": torch.optim.SGD(model.decoder.parameters(), lr=1e-2, momentum=0.9),
        }
        self.schedulers = {
            name: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.99) for name, opt in self.optimizers.items()
        }

    def train_epoch(self, loader) -> float:
        self.model.train()
        total = 0.0
        for x in loader:
            for opt in self.optimizers.values():
                opt.zero_grad()
            x = x.to(device)
            loss = F.mse_loss(self.model(x), x)
            loss.backward()
            for opt in self.optimizers.values():
                opt.step()
            total += loss.item()
        for scheduler in self.schedulers.values():
            scheduler.step()
        return total


if __name__ == "__main__":
    trainer = Trainer(EncoderDecoder().to(device))
    for _ in range(2):
        trainer.train_epoch([torch.randn(4, 8) for _ in range(3)])
