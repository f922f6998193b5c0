"""A normalizing-flow layer that converts its scale with torch.as_tensor: the learnable log-scale keeps its graph."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ActNorm(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.log_scale = nn.Parameter(torch.zeros(dim))
        self.shift = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor):
        scale = torch.as_tensor(self.log_scale.exp(), dtype=x.dtype)
        log_det = torch.log(scale).sum().expand(x.shape[0])
        return x * scale + self.shift, log_det


if __name__ == "__main__":
    flow = ActNorm(3).to(device)
    optimizer = torch.optim.Adam(flow.parameters(), lr=1e-2)
    x = torch.randn(16, 3, device=device) * 2 + 1
    optimizer.zero_grad()
    z, log_det = flow(x)
    (0.5 * z.pow(2).sum(1) - log_det).mean().backward()
    assert flow.log_scale.grad is not None
    optimizer.step()
