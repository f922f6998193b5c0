"""An advantage actor-critic update that sums the actor and critic losses and
backpropagates once through the shared trunk."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ActorCritic(nn.Module):
    def __init__(self, obs_dim: int = 4, actions: int = 3) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(obs_dim, 16), nn.Tanh())
        self.pi = nn.Linear(16, actions)
        self.v = nn.Linear(16, 1)

    def forward(self, obs: torch.Tensor):
        h = self.trunk(obs)
        return F.log_softmax(self.pi(h), -1), self.v(h).squeeze(-1)


def update(agent: ActorCritic, optimizer, obs, actions, returns, value_coef: float = 0.5) -> None:
    log_probs, values = agent(obs)
    advantage = returns - values.detach()
    actor_loss = -(log_probs.gather(1, actions[:, None]).squeeze(1) * advantage).mean()
    critic_loss = F.mse_loss(values, returns)
    optimizer.zero_grad()
    (actor_loss + value_coef * critic_loss).backward()
    optimizer.step()


if __name__ == "__main__":
    net = ActorCritic().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=3e-4)
    for _ in range(2):
        update(net, opt, torch.randn(5, 4, device=device), torch.randint(0, 3, (5,), device=device), torch.randn(5, device=device))
