"""A functional MAML inner loop: the fast weights are rebound to `w - lr * grad` on
purpose, the meta-loss backpropagates through them into the original leaves, and the
meta-optimizer holds those leaves."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def forward(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return x @ w + b


def sample_task(n: int = 10):
    slope = torch.randn(1, device=device)
    xs, xq = torch.randn(n, 1, device=device), torch.randn(n, 1, device=device)
    return (xs, xs * slope), (xq, xq * slope)


def meta_train(meta_steps: int = 3, inner_steps: int = 2, inner_lr: float = 0.1) -> None:
    w = torch.randn(1, 1, device=device, requires_grad=True)
    b = torch.zeros(1, device=device, requires_grad=True)
    meta_opt = torch.optim.Adam([w, b], lr=1e-2)
    for _ in range(meta_steps):
        (xs, ys), (xq, yq) = sample_task()
        fast_w, fast_b = w, b
        for _ in range(inner_steps):
            inner_loss = F.mse_loss(forward(xs, fast_w, fast_b), ys)
            gw, gb = torch.autograd.grad(inner_loss, (fast_w, fast_b), create_graph=True)
            fast_w = fast_w - inner_lr * gw
            fast_b = fast_b - inner_lr * gb
        meta_opt.zero_grad()
        F.mse_loss(forward(xq, fast_w, fast_b), yq).backward()
        meta_opt.step()


if __name__ == "__main__":
    meta_train()
