"""A contrastive loss that places its learnable temperature next to the logits with new_tensor, which copies it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class InfoNCE(nn.Module):
    def __init__(self, init: float = 0.07) -> None:
        super().__init__()
        self.log_temperature = nn.Parameter(torch.tensor(init).log())

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        logits = F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).t()
        temperature = logits.new_tensor(self.log_temperature.exp())  # error: GL115
        labels = torch.arange(len(a), device=a.device)
        return F.cross_entropy(logits / temperature, labels)


if __name__ == "__main__":
    encoder = nn.Linear(8, 4).to(device)
    criterion = InfoNCE().to(device)
    optimizer = torch.optim.SGD(list(encoder.parameters()) + list(criterion.parameters()), lr=0.1)
    x = torch.randn(5, 8, device=device)
    optimizer.zero_grad()
    criterion(encoder(x), encoder(x + 0.1 * torch.randn_like(x))).backward()
    optimizer.step()
