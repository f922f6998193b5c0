"""A while loop with a step counter, as in RL trainers, and no zeroing."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Agent:
    def __init__(self) -> None:
        self.policy = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 2)).to(device)
        self.optim = torch.optim.RMSprop(self.policy.parameters(), lr=1e-3)

    def learn(self, max_steps: int = 3) -> None:
        step = 0
        while step < max_steps:
            obs = torch.randn(5, 4, device=device)
            logits = self.policy(obs)
            loss = -torch.log_softmax(logits, dim=-1)[:, 0].mean()
            loss.backward()
            self.optim.step()  # error: GL103
            step += 1


if __name__ == "__main__":
    Agent().learn()
