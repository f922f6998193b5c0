"""Per-task gradients for gradient surgery (PCGrad-style): each task loss is
backpropagated in turn, with `retain_graph=True` for all but the last."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def task_gradients(model: nn.Module, losses: list) -> list:
    grads = []
    for i, loss in enumerate(losses):
        model.zero_grad()
        loss.backward(retain_graph=i < len(losses) - 1)
        grads.append(torch.cat([p.grad.flatten() for p in model.parameters()]))
    return grads


if __name__ == "__main__":
    shared = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3)).to(device)
    out = shared(torch.randn(4, 5, device=device))
    task_losses = [F.mse_loss(out[:, i], torch.randn(4, device=device)) for i in range(3)]
    print([g.norm().item() for g in task_gradients(shared, task_losses)])
