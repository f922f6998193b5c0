"""Pseudo-labels taken with argmax from a model's output are used as targets, without asking them to require grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pseudo_label_loss(student: nn.Module, teacher: nn.Module, x: torch.Tensor) -> torch.Tensor:
    logits = teacher(x)
    pseudo = logits.argmax(dim=-1)
    confident = logits.softmax(dim=-1).max(dim=-1).values > 0.2
    print(pseudo.requires_grad, confident.requires_grad)
    return nn.functional.cross_entropy(student(x)[confident], pseudo[confident])


if __name__ == "__main__":
    student, teacher = nn.Linear(5, 3).to(device), nn.Linear(5, 3).to(device)
    pseudo_label_loss(student, teacher, torch.randn(4, 5, device=device)).backward()
