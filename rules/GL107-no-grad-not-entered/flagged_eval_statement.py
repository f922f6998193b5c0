"""Validation helper that meant to switch autograd off but only built the guard."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Classifier(nn.Module):
    def __init__(self, features: int, classes: int) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Linear(features, 16), nn.ReLU(), nn.Linear(16, classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


def evaluate(model: nn.Module, batches) -> float:
    model.eval()
    torch.no_grad()  # error: GL107
    correct = total = 0
    for inputs, labels in batches:
        logits = model(inputs.to(device))
        correct += (logits.argmax(dim=1) == labels.to(device)).sum().item()
        total += labels.numel()
    return correct / max(total, 1)


if __name__ == "__main__":
    net = Classifier(8, 3).to(device)
    data = [(torch.randn(4, 8), torch.randint(0, 3, (4,))) for _ in range(3)]
    print(f"accuracy {evaluate(net, data):.2f}")
