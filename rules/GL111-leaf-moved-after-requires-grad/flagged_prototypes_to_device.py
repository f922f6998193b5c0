"""A prototypical head that moves its nn.Parameter to the device inside __init__: on a GPU it is a plain copy, never trained."""
# fixture: cuda-only
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PrototypeHead(nn.Module):
    def __init__(self, classes: int, dim: int) -> None:
        super().__init__()
        self.prototypes = nn.Parameter(torch.randn(classes, dim)).to(device)  # error: GL111
        self.temperature = nn.Parameter(torch.ones(1, device=device))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return -torch.cdist(z, self.prototypes) / self.temperature


if __name__ == "__main__":
    encoder = nn.Linear(8, 4).to(device)
    head = PrototypeHead(3, 4)
    optimizer = torch.optim.SGD(list(encoder.parameters()) + list(head.parameters()), lr=0.1)
    x, y = torch.randn(6, 8, device=device), torch.randint(0, 3, (6,), device=device)
    for _ in range(2):
        optimizer.zero_grad()
        nn.functional.cross_entropy(head(encoder(x)), y).backward()
        optimizer.step()
