"""A normalizing-flow layer that turns its learnable log-scale into a tensor with torch.tensor before scaling."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ActNorm(nn.Module):
    def __init__(self, dim: int) -> None:
        super().__init__()
        self.log_scale = nn.Parameter(torch.zeros(dim))
        self.shift = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor):
        scale = torch.tensor(self.log_scale.exp())  # error: GL115
        log_det = torch.log(scale).sum().expand(x.shape[0])
        return x * scale + self.shift, log_det


if __name__ == "__main__":
    flow = ActNorm(3).to(device)
    optimizer = torch.optim.Adam(flow.parameters(), lr=1e-2)
    x = torch.randn(16, 3, device=device) * 2 + 1
    optimizer.zero_grad()
    z, log_det = flow(x)
    nll = (0.5 * z.pow(2).sum(1) - log_det).mean()
    nll.backward()
    optimizer.step()
