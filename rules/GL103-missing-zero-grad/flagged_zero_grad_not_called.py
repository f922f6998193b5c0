"""`optimizer.zero_grad` without the parentheses: the method is named, never called."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(steps: int = 3) -> None:
    model = nn.Linear(4, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(steps):
        optimizer.zero_grad
        loss = model(torch.randn(2, 4, device=device)).pow(2).mean()
        loss.backward()
        optimizer.step()  # error: GL103


if __name__ == "__main__":
    train()
