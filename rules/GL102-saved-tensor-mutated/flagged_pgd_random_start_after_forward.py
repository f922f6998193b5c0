"""An adversarial-training step that makes the batch a leaf with `.detach().requires_grad_()`,
runs the model, and only then applies the random start in place under no_grad: the first
conv saved the batch, so backward fails."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fgsm_rs_example(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, eps: float = 8 / 255) -> torch.Tensor:
    adv = images.detach().requires_grad_()
    loss = F.cross_entropy(model(adv), labels)
    with torch.no_grad():
        adv.add_(torch.empty_like(adv).uniform_(-eps, eps)).clamp_(0, 1)  # error: GL102
    (grad,) = torch.autograd.grad(loss, adv)
    return (adv + 1.25 * eps * grad.sign()).clamp(0, 1).detach()


if __name__ == "__main__":
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10)).to(device)
    x, y = torch.rand(2, 3, 8, 8, device=device), torch.randint(0, 10, (2,), device=device)
    print(fgsm_rs_example(model, x, y).shape)
