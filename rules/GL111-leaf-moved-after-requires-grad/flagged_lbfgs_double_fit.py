"""A least-squares fit in float64 whose weights are cast after requires_grad=True; LBFGS refuses the copy."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fit(x: torch.Tensor, y: torch.Tensor, steps: int = 5) -> torch.Tensor:
    x, y = x.double(), y.double()
    w = torch.zeros(x.shape[1], 1, requires_grad=True).double()  # error: GL111
    optimizer = torch.optim.LBFGS([w], lr=0.5)

    def closure():
        optimizer.zero_grad()
        loss = ((x @ w - y) ** 2).mean()
        loss.backward()
        return loss

    for _ in range(steps):
        optimizer.step(closure)
    return w.detach()


if __name__ == "__main__":
    x = torch.randn(20, 3, device=device)
    print(fit(x, x @ torch.tensor([[1.0], [-2.0], [0.5]], device=device)))
