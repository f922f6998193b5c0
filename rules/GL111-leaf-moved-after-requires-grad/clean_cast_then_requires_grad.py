"""Gaussian-process hyperparameters cast to the working dtype first and made to require grad after."""
import math

import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def rbf(a: torch.Tensor, b: torch.Tensor, lengthscale: torch.Tensor) -> torch.Tensor:
    return torch.exp(-0.5 * torch.cdist(a, b) ** 2 / lengthscale**2)


def fit_gp(x: torch.Tensor, y: torch.Tensor, dtype=torch.float64, steps: int = 5):
    x, y = x.to(dtype), y.to(dtype)
    log_lengthscale = torch.zeros(1).to(x.device, dtype).requires_grad_()
    log_noise = torch.full((1,), -2.0).to(x.device, dtype).requires_grad_()
    optimizer = torch.optim.Adam([log_lengthscale, log_noise], lr=0.05)
    for _ in range(steps):
        optimizer.zero_grad()
        k = rbf(x, x, log_lengthscale.exp()) + log_noise.exp() * torch.eye(len(x), dtype=dtype, device=x.device)
        chol = torch.linalg.cholesky(k)
        alpha = torch.cholesky_solve(y.unsqueeze(1), chol)
        nll = 0.5 * (y.unsqueeze(1) * alpha).sum() + chol.diagonal().log().sum() + 0.5 * len(x) * math.log(2 * math.pi)
        nll.backward()
        optimizer.step()
    return log_lengthscale.exp().item(), log_noise.exp().item()


if __name__ == "__main__":
    x = torch.linspace(0, 1, 12, device=device).unsqueeze(1)
    print(fit_gp(x, torch.sin(6 * x).squeeze(1)))
