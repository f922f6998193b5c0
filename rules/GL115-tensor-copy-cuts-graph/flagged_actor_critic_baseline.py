"""An actor-critic update that takes the critic's value with torch.tensor: the value loss no longer trains the critic."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ActorCritic(nn.Module):
    def __init__(self, obs: int = 4, actions: int = 2) -> None:
        super().__init__()
        self.actor = nn.Sequential(nn.Linear(obs, 16), nn.Tanh(), nn.Linear(16, actions))
        self.critic = nn.Sequential(nn.Linear(obs, 16), nn.Tanh(), nn.Linear(16, 1))


def update(agent: ActorCritic, optimizer, states, actions, returns) -> float:
    log_probs = torch.log_softmax(agent.actor(states), dim=-1).gather(1, actions.unsqueeze(1)).squeeze(1)
    values = torch.tensor(agent.critic(states).squeeze(1))  # error: GL115
    advantages = returns - values
    policy_loss = -(log_probs * advantages).mean()
    value_loss = advantages.pow(2).mean()
    optimizer.zero_grad()
    (policy_loss + 0.5 * value_loss).backward()
    optimizer.step()
    return policy_loss.item()


if __name__ == "__main__":
    agent = ActorCritic().to(device)
    optimizer = torch.optim.Adam(agent.parameters(), lr=3e-4)
    states = torch.randn(8, 4, device=device)
    print(update(agent, optimizer, states, torch.randint(0, 2, (8,), device=device), torch.randn(8, device=device)))
