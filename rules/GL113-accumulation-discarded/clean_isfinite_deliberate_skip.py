"""`zero_grad()` before every backward and a guarded step, but the guard is
`torch.isfinite(loss)`: a batch whose loss overflows is dropped on purpose, and its
gradients with it. Nothing is accumulated, so nothing is lost (one batch here is made
to overflow)."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_model() -> nn.Module:
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
    return model


def train(model: nn.Module, optimizer, loader) -> int:
    skipped = 0
    for x, y in loader:
        optimizer.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x.to(device)), y.to(device))
        loss.backward()
        if torch.isfinite(loss):
            optimizer.step()
        else:
            skipped += 1
    return skipped


if __name__ == "__main__":
    net = make_model().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=1e-3)
    data = [(torch.randn(5, 4), torch.randn(5, 1)) for _ in range(4)]
    data[1] = (data[1][0], torch.full((5, 1), float("inf")))
    print(train(net, opt, data))
