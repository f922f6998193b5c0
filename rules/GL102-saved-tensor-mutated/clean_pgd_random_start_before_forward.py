"""FGSM with a random start done right: the start is applied in place under no_grad on the
detached batch before it is made a leaf and before the model has saved anything from it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def fgsm_rs_example(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, eps: float = 8 / 255) -> torch.Tensor:
    adv = images.detach().clone()
    with torch.no_grad():
        adv.add_(torch.empty_like(adv).uniform_(-eps, eps)).clamp_(0, 1)
    adv.requires_grad_()
    loss = F.cross_entropy(model(adv), labels)
    (grad,) = torch.autograd.grad(loss, adv)
    with torch.no_grad():
        adv.add_(1.25 * eps * grad.sign()).clamp_(0, 1)
    return adv.detach()


def adversarial_train_step(model: nn.Module, optimizer: torch.optim.Optimizer, images: torch.Tensor, labels: torch.Tensor) -> float:
    adv = fgsm_rs_example(model, images, labels)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(adv), labels)
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 8 * 8, 10)).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.rand(2, 3, 8, 8, device=device), torch.randint(0, 10, (2,), device=device)
    print(adversarial_train_step(model, opt, x, y))
