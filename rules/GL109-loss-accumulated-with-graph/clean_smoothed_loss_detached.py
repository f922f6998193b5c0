"""A progress display's exponential moving average of the loss, fed `loss.detach()`."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(model: nn.Module, batches, beta: float = 0.98) -> float:
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    smooth_loss = torch.zeros((), device=device)
    for step, (x, y) in enumerate(batches, start=1):
        loss = F.binary_cross_entropy_with_logits(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        smooth_loss = beta * smooth_loss + (1 - beta) * loss.detach()
        print(f"step {step}: {smooth_loss.item() / (1 - beta**step):.4f}")
    return smooth_loss.item()


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    train(net, [(torch.randn(5, 4, device=device), torch.rand(5, 1, device=device).round()) for _ in range(4)])
