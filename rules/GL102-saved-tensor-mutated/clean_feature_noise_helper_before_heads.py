"""Noisy-student training with an in-place noise helper given the features by keyword: it runs
on each backbone output before any head has consumed (and saved) it, and under no_grad for
the teacher."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def add_feature_noise_(feats: torch.Tensor, std: float) -> torch.Tensor:
    feats.add_(torch.randn_like(feats) * std)
    return feats


class Student(nn.Module):
    def __init__(self, in_dim: int = 10, hidden: int = 16, num_classes: int = 3) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(in_dim, hidden), nn.LayerNorm(hidden))
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor, noise: float = 0.0) -> torch.Tensor:
        h = self.backbone(x)
        if noise > 0:
            h = add_feature_noise_(feats=h, std=noise)
        return self.head(h)


def distill_step(student: Student, teacher: Student, optimizer: torch.optim.Optimizer, x: torch.Tensor) -> float:
    with torch.no_grad():
        soft = teacher(x, noise=0.05).softmax(-1)
    optimizer.zero_grad()
    loss = F.kl_div(student(x, noise=0.1).log_softmax(-1), soft, reduction="batchmean")
    loss.backward()
    optimizer.step()
    return loss.item()


if __name__ == "__main__":
    student, teacher = Student().to(device), Student().to(device)
    opt = torch.optim.SGD(student.parameters(), lr=0.1)
    print(distill_step(student, teacher, opt, torch.randn(4, 10, device=device)))
