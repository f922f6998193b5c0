"""A training step that sets requires_grad on the integer class labels before the loss."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_step(model: nn.Module, optimizer, batch) -> float:
    inputs, labels = batch
    inputs.requires_grad = True
    labels.requires_grad = True  # error: GL112
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(inputs), labels)
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    model = nn.Linear(4, 3).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    batch = (torch.randn(5, 4, device=device), torch.randint(0, 3, (5,), device=device))
    print(train_step(model, optimizer, batch))
