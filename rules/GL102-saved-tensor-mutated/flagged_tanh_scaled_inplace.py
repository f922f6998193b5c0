"""A bounded output scaled in place after tanh, which saved its output."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Actor(nn.Module):
    def __init__(self, max_action: float) -> None:
        super().__init__()
        self.body = nn.Linear(3, 2)
        self.max_action = max_action

    def forward(self, state: torch.Tensor) -> torch.Tensor:
        action = torch.tanh(self.body(state))
        action *= self.max_action  # error: GL102
        return action


if __name__ == "__main__":
    actor = Actor(2.0).to(device)
    q = actor(torch.randn(4, 3, device=device)).pow(2).mean()
    q.backward()
