"""Adversarial distillation with alternating G and D phases (diffusers' SANA-Sprint
script): after the backward, a non-finite or spiking gradient norm clears both
optimizers' gradients and `continue`s, so no step follows that zeroing in that
iteration. (One batch here is made to spike.)"""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def set_requires_grad(net: nn.Module, requires_grad: bool) -> None:
    for p in net.parameters():
        p.requires_grad = requires_grad


def build(width: int = 16):
    student = nn.Sequential(nn.Linear(8, width), nn.SiLU(), nn.Linear(width, 8)).to(device)
    disc = nn.Sequential(nn.Linear(8, width), nn.LeakyReLU(0.2), nn.Linear(width, 1)).to(device)
    return student, disc


def train(loader, gradient_clip: float = 1.0, spike: float = 1e3) -> int:
    student, disc = build()
    optimizer_G = torch.optim.AdamW(student.parameters(), lr=1e-4)
    optimizer_D = torch.optim.AdamW(disc.parameters(), lr=1e-4)
    phase, skipped = "G", 0
    for latents, target in loader:
        latents, target = latents.to(device), target.to(device)
        if phase == "G":
            set_requires_grad(disc, False)
            pred = student(latents)
            adv_loss = -disc(pred).mean()
            total_loss = F.mse_loss(pred, target) + 0.1 * adv_loss
            total_loss.backward()
            grad_norm = nn.utils.clip_grad_norm_(student.parameters(), gradient_clip)
            if not torch.isfinite(grad_norm) or grad_norm > spike:
                optimizer_G.zero_grad(set_to_none=True)
                optimizer_D.zero_grad(set_to_none=True)
                skipped += 1
                continue
            phase = "D"
            optimizer_G.step()
            optimizer_G.zero_grad(set_to_none=True)
        elif phase == "D":
            set_requires_grad(disc, True)
            with torch.no_grad():
                fake = student(latents)
            real_logits, fake_logits = disc(target), disc(fake)
            loss_D = 0.5 * (
                F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
            )
            loss_D.backward()
            grad_norm = nn.utils.clip_grad_norm_(disc.parameters(), gradient_clip)
            if not torch.isfinite(grad_norm) or grad_norm > spike:
                optimizer_G.zero_grad(set_to_none=True)
                optimizer_D.zero_grad(set_to_none=True)
                skipped += 1
                continue
            phase = "G"
            optimizer_D.step()
            optimizer_D.zero_grad(set_to_none=True)
    return skipped


if __name__ == "__main__":
    batches = [(torch.randn(4, 8), torch.randn(4, 8)) for _ in range(5)]
    batches[0] = (batches[0][0] * 1e4, batches[0][1])
    print(train(batches))
