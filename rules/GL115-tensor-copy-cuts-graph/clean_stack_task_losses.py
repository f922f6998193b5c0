"""Learned task weighting that stacks the task losses with torch.stack, so every task still trains."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class UncertaintyWeighting(nn.Module):
    def __init__(self, tasks: int) -> None:
        super().__init__()
        self.log_vars = nn.Parameter(torch.zeros(tasks))

    def forward(self, task_losses) -> torch.Tensor:
        losses = torch.stack(task_losses)
        return (torch.exp(-self.log_vars) * losses + self.log_vars).sum()


if __name__ == "__main__":
    trunk = nn.Linear(6, 8).to(device)
    heads = nn.ModuleList([nn.Linear(8, 3), nn.Linear(8, 1)]).to(device)
    weighting = UncertaintyWeighting(2).to(device)
    params = list(trunk.parameters()) + list(heads.parameters()) + list(weighting.parameters())
    optimizer = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(4, 6, device=device)
    y_cls, y_reg = torch.randint(0, 3, (4,), device=device), torch.randn(4, 1, device=device)
    optimizer.zero_grad()
    h = trunk(x)
    task_losses = [nn.functional.cross_entropy(heads[0](h), y_cls), nn.functional.mse_loss(heads[1](h), y_reg)]
    weighting(task_losses).backward()
    optimizer.step()
