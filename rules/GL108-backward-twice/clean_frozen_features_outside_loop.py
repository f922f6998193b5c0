"""Linear probing on a frozen encoder: the features are computed once, before the epoch
loop, under `torch.no_grad()`, so each epoch's backward only reaches the head."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_encoder() -> nn.Module:
    return nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 8))


def linear_probe(encoder: nn.Module, x: torch.Tensor, y: torch.Tensor, epochs: int = 3) -> nn.Module:
    encoder.eval()
    with torch.no_grad():
        features = encoder(x)
    head = nn.Linear(features.shape[1], 3).to(device)
    optimizer = torch.optim.Adam(head.parameters(), lr=1e-2)
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = F.cross_entropy(head(features), y)
        loss.backward()
        optimizer.step()
    return head


if __name__ == "__main__":
    linear_probe(make_encoder().to(device), torch.randn(12, 10, device=device), torch.randint(0, 3, (12,), device=device))
