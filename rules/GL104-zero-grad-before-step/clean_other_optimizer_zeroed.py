"""Two optimizers over separate parameters: zeroing the critic's between the actor's
backward and step touches none of the actor's gradients."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def update(steps: int = 2) -> None:
    actor = nn.Linear(4, 2).to(device)
    critic = nn.Linear(4, 1).to(device)
    actor_opt = torch.optim.Adam(actor.parameters(), lr=1e-3)
    critic_opt = torch.optim.Adam(critic.parameters(), lr=1e-3)
    for _ in range(steps):
        obs = torch.randn(5, 4, device=device)
        actor_opt.zero_grad()
        actor_loss = actor(obs).pow(2).mean()
        actor_loss.backward()
        critic_opt.zero_grad()
        actor_opt.step()
        critic_loss = critic(obs).pow(2).mean()
        critic_loss.backward()
        critic_opt.step()


if __name__ == "__main__":
    update()
