"""The usual evaluation loop: the guard is entered with `with`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def evaluate(model: nn.Module, batches) -> float:
    model.eval()
    total_loss = 0.0
    loss_fn = nn.MSELoss()
    with torch.no_grad():
        for inputs, targets in batches:
            preds = model(inputs.to(device))
            total_loss += loss_fn(preds, targets.to(device)).item()
    model.train()
    return total_loss / len(batches)


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1)).to(device)
    data = [(torch.randn(4, 3), torch.randn(4, 1)) for _ in range(2)]
    print(evaluate(net, data))
