"""Target networks in RL: a copy kept in sync by writes through `.data` / `copy_` under no_grad."""
import copy

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Agent:
    def __init__(self) -> None:
        self.q = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2)).to(device)
        self.target = copy.deepcopy(self.q)
        self.tau = 0.05

    def soft_update(self) -> None:
        for target_p, p in zip(self.target.parameters(), self.q.parameters()):
            target_p.data.mul_(1 - self.tau).add_(p.data, alpha=self.tau)

    def hard_update(self) -> None:
        with torch.no_grad():
            for target_p, p in zip(self.target.parameters(), self.q.parameters()):
                target_p.copy_(p)


if __name__ == "__main__":
    agent = Agent()
    agent.soft_update()
    agent.hard_update()
