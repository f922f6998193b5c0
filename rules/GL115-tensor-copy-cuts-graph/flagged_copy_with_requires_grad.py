"""An autoencoder that "keeps gradients" on the latent with torch.tensor(z, requires_grad=True): a new leaf, so the encoder never learns."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AutoEncoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(10, 6), nn.ReLU(), nn.Linear(6, 3))
        self.decoder = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.encoder(x)
        z = torch.tensor(z, requires_grad=True)  # error: GL115
        return self.decoder(z)


if __name__ == "__main__":
    model = AutoEncoder().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(4, 10, device=device)
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), x).backward()
        optimizer.step()
