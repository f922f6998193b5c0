"""A self-distillation step that snapshots the online prediction with detach().clone() as a fixed target."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def consistency_step(model: nn.Module, optimizer, x: torch.Tensor) -> float:
    clean_pred = model(x)
    target = clean_pred.detach().clone()
    noisy_pred = model(x + 0.1 * torch.randn_like(x))
    loss = nn.functional.mse_loss(noisy_pred, target) + 0.1 * clean_pred.pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 5)).to(device)
    print(consistency_step(model, torch.optim.SGD(model.parameters(), lr=0.1), torch.randn(4, 5, device=device)))
