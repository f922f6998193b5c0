"""Random integer initial points cast to float before requires_grad_(), for a coordinate search."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def objective(points: torch.Tensor) -> torch.Tensor:
    return ((points - 3.0) ** 2).sum(dim=-1)


def refine(starts: torch.Tensor, steps: int = 10, lr: float = 0.1) -> torch.Tensor:
    points = starts.float().requires_grad_()
    optimizer = torch.optim.SGD([points], lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        objective(points).sum().backward()
        optimizer.step()
    return points.detach()


if __name__ == "__main__":
    grid_starts = torch.randint(-5, 5, (4, 2), device=device)
    print(refine(grid_starts))
