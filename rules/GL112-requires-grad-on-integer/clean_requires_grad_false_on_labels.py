"""A data pipeline that explicitly marks integer labels and masks as not requiring grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def collate(samples):
    inputs = torch.stack([s[0] for s in samples])
    labels = torch.tensor([s[1] for s in samples], requires_grad=False)
    mask = torch.ones(len(samples), dtype=torch.bool).requires_grad_(False)
    return inputs.to(device), labels.to(device), mask.to(device)


if __name__ == "__main__":
    model = nn.Linear(4, 3).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y, mask = collate([(torch.randn(4), i % 3) for i in range(6)])
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(x[mask]), y[mask]).backward()
    optimizer.step()
