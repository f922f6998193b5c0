"""An explainer whose Lagrange multiplier is annotated `int` but defaults to 0.55 (as in
PyG's GraphMaskExplainer): the value is a float, so `torch.tensor(self.init_lambda,
requires_grad=True)` makes a floating-point leaf that may require grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MaskExplainer(nn.Module):
    def __init__(self, num_layers: int = 2, init_lambda: int = 0.55, allowance: float = 0.03) -> None:
        super().__init__()
        assert 0 <= init_lambda <= 1
        self.num_layers = num_layers
        self.init_lambda = init_lambda
        self.allowance = allowance
        self.gates = nn.ParameterList([nn.Parameter(torch.zeros(4)) for _ in range(num_layers)])

    def fit(self, steps: int = 3) -> float:
        lambda_op = torch.tensor(self.init_lambda, requires_grad=True, device=device)
        optimizer = torch.optim.Adam(list(self.gates.parameters()), lr=0.01)
        optimizer_lagrange = torch.optim.Adam([lambda_op], lr=0.01)
        for _ in range(steps):
            optimizer.zero_grad()
            optimizer_lagrange.zero_grad()
            penalty = sum(torch.sigmoid(g).mean() for g in self.gates)
            loss = (1.0 - penalty) + torch.nn.functional.softplus(lambda_op) * (penalty - self.allowance)
            loss.backward()
            optimizer.step()
            lambda_op.grad *= -1  # ascent on the multiplier
            optimizer_lagrange.step()
        return lambda_op.item()


if __name__ == "__main__":
    MaskExplainer().to(device).fit()
