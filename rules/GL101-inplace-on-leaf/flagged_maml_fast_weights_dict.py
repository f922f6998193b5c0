"""A MAML inner loop that keeps the fast weights in a dict built from `named_parameters()`
and adapts them with `-=`: the dict's values are the model's own Parameters, so it raises."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Learner(nn.Module):
    def __init__(self, in_dim: int = 4, hidden: int = 8, ways: int = 3) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_dim, hidden)
        self.fc2 = nn.Linear(hidden, ways)

    def forward(self, x: torch.Tensor, params: dict = None) -> torch.Tensor:
        if params is None:
            params = dict(self.named_parameters())
        h = F.relu(F.linear(x, params["fc1.weight"], params["fc1.bias"]))
        return F.linear(h, params["fc2.weight"], params["fc2.bias"])


def adapt(model: Learner, support_x: torch.Tensor, support_y: torch.Tensor, inner_lr: float = 0.4, steps: int = 2) -> dict:
    fast = {name: p for name, p in model.named_parameters()}
    for _ in range(steps):
        loss = F.cross_entropy(model(support_x, fast), support_y)
        grads = torch.autograd.grad(loss, list(fast.values()), create_graph=True)
        for name, grad in zip(list(fast), grads):
            fast[name] -= inner_lr * grad  # error: GL101
    return fast


if __name__ == "__main__":
    learner = Learner().to(device)
    sx, sy = torch.randn(6, 4, device=device), torch.randint(0, 3, (6,), device=device)
    adapted = adapt(learner, sx, sy)
    print(F.cross_entropy(learner(sx, adapted), sy).item())
