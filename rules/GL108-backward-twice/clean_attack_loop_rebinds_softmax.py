"""A PGD attack on a randomized-smoothing classifier, as torchattacks writes it: each step
rebinds `softmax = F.softmax(logits, dim=1)` before anything reads it, so no tensor of the
previous step's graph reaches the next `torch.autograd.grad`. (`F.softmax` is an
attribute of `F`, not a read of the local `softmax`.)"""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PGDRandomizedSmoothing:
    def __init__(self, model: nn.Module, eps: float = 8 / 255, alpha: float = 2 / 255, steps: int = 3,
                 noise_sd: float = 0.5, noise_batch_size: int = 4) -> None:
        self.model, self.eps, self.alpha, self.steps = model, eps, alpha, steps
        self.noise_sd, self.noise_batch_size = noise_sd, noise_batch_size

    def __call__(self, images: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        images, labels = images.clone().detach().to(device), labels.clone().detach().to(device)
        shape = torch.Size([images.shape[0], self.noise_batch_size]) + images.shape[1:]
        inputs_exp = images.unsqueeze(1).expand(shape).reshape(torch.Size([-1]) + images.shape[1:])
        delta = torch.zeros((len(labels), *images.shape[1:]), requires_grad=True, device=device)
        delta_last = torch.zeros((len(labels), *images.shape[1:]), device=device)
        for _ in range(self.steps):
            delta.requires_grad = True
            img_adv = inputs_exp + delta.unsqueeze(1).repeat((1, self.noise_batch_size, 1, 1, 1)).view_as(inputs_exp)
            img_adv = torch.clamp(img_adv, min=0, max=1)
            logits = self.model(img_adv + torch.randn_like(img_adv) * self.noise_sd)
            softmax = F.softmax(logits, dim=1)
            average_softmax = softmax.reshape(-1, self.noise_batch_size, logits.shape[-1]).mean(1)
            ce_loss = F.nll_loss(torch.log(average_softmax.clamp(min=1e-20)), labels)
            grad = torch.autograd.grad(ce_loss, delta, retain_graph=False, create_graph=False)[0]
            delta = delta_last + self.alpha * torch.sign(grad)
            delta = torch.clamp(delta, min=-self.eps, max=self.eps)
            delta_last.data = delta.data.clone()
        return torch.clamp(images + delta, min=0, max=1).detach()


if __name__ == "__main__":
    net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Linear(4, 5)).to(device)
    attack = PGDRandomizedSmoothing(net)
    adv = attack(torch.rand(2, 3, 8, 8), torch.tensor([1, 3]))
