"""A DQN update: the bootstrap target is computed under no_grad, the TD loss from the online network is differentiated."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def dqn_update(online: nn.Module, target: nn.Module, optimizer, batch, gamma: float = 0.99) -> float:
    states, actions, rewards, next_states, done = batch
    with torch.no_grad():
        next_q = target(next_states).max(1).values
        td_target = rewards + gamma * (1 - done) * next_q
    q = online(states).gather(1, actions.unsqueeze(1)).squeeze(1)
    loss = nn.functional.smooth_l1_loss(q, td_target)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    online = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2)).to(device)
    target = copy.deepcopy(online)
    optimizer = torch.optim.Adam(online.parameters(), lr=1e-3)
    batch = (
        torch.randn(8, 4, device=device),
        torch.randint(0, 2, (8,), device=device),
        torch.randn(8, device=device),
        torch.randn(8, 4, device=device),
        torch.zeros(8, device=device),
    )
    print(dqn_update(online, target, optimizer, batch))
