"""A policy that clamps its log-std parameter in place inside forward()."""
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class GaussianPolicy(nn.Module):
    def __init__(self, obs_dim: int, act_dim: int) -> None:
        super().__init__()
        self.mu = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh(), nn.Linear(16, act_dim))
        self.log_std = nn.Parameter(torch.zeros(act_dim))

    def forward(self, obs: torch.Tensor) -> torch.distributions.Normal:
        self.log_std.clamp_(-5.0, 2.0)  # error: GL101
        return torch.distributions.Normal(self.mu(obs), self.log_std.exp())


if __name__ == "__main__":
    policy = GaussianPolicy(3, 2).to(device)
    dist = policy(torch.randn(4, 3, device=device))
    print(dist.sample().shape)
