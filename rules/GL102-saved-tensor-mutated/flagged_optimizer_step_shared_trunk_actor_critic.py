"""Actor-critic with a shared trunk: the critic's loss is backpropagated with
`retain_graph=True` and its optimizer, which owns the trunk, steps before the actor's
backward through the same trunk features."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ActorCritic(nn.Module):
    def __init__(self, obs_dim: int = 6, actions: int = 3, hidden: int = 16) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(obs_dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh())
        self.actor = nn.Linear(hidden, actions)
        self.critic = nn.Linear(hidden, 1)

    def forward(self, obs: torch.Tensor):
        features = self.trunk(obs)
        return self.actor(features), self.critic(features).squeeze(-1)


def update(model: ActorCritic, obs, actions, returns) -> None:
    critic_opt = torch.optim.Adam(list(model.trunk.parameters()) + list(model.critic.parameters()), lr=1e-3)
    actor_opt = torch.optim.Adam(model.actor.parameters(), lr=3e-4)
    logits, values = model(obs)
    advantages = (returns - values).detach()
    log_probs = F.log_softmax(logits, dim=-1).gather(1, actions[:, None]).squeeze(1)
    actor_loss = -(log_probs * advantages).mean()
    critic_loss = F.mse_loss(values, returns)

    critic_opt.zero_grad()
    critic_loss.backward(retain_graph=True)
    critic_opt.step()  # error: GL102

    actor_opt.zero_grad()
    actor_loss.backward()
    actor_opt.step()


if __name__ == "__main__":
    net = ActorCritic().to(device)
    obs = torch.randn(5, 6, device=device)
    update(net, obs, torch.randint(0, 3, (5,), device=device), torch.randn(5, device=device))
