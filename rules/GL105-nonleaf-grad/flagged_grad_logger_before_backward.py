"""A training step that logs the gradient norm of the encoder's output through a helper,
before backward(): the output is a non-leaf, so the helper always sees None and logs nothing."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Autoencoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(12, 4), nn.Tanh())
        self.decoder = nn.Linear(4, 12)


def log_grad_norm(name: str, tensor: torch.Tensor, logs: dict) -> None:
    grad = tensor.grad  # error: GL105
    if grad is not None:
        logs[name] = grad.norm().item()


def train_step(model: Autoencoder, optimizer, x: torch.Tensor, logs: dict) -> float:
    optimizer.zero_grad()
    code = model.encoder(x)
    log_grad_norm("code", code, logs)
    loss = F.mse_loss(model.decoder(code), x)
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    ae = Autoencoder().to(device)
    opt = torch.optim.Adam(ae.parameters(), lr=1e-3)
    logs: dict = {}
    train_step(ae, opt, torch.randn(5, 12, device=device), logs)
    print(logs)
