"""Knowledge distillation: the teacher's logits come from no_grad, the loss mixes them with the student's."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Distiller:
    def __init__(self, teacher: nn.Module, student: nn.Module, temperature: float = 2.0) -> None:
        self.teacher, self.student, self.t = teacher.eval(), student, temperature
        self.optimizer = torch.optim.SGD(student.parameters(), lr=0.05)

    def step(self, x: torch.Tensor, y: torch.Tensor) -> float:
        with torch.no_grad():
            soft_targets = F.softmax(self.teacher(x) / self.t, dim=1)
        logits = self.student(x)
        kd = F.kl_div(F.log_softmax(logits / self.t, dim=1), soft_targets, reduction="batchmean")
        loss = 0.5 * F.cross_entropy(logits, y) + 0.5 * self.t**2 * kd
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    teacher = nn.Sequential(nn.Linear(6, 32), nn.ReLU(), nn.Linear(32, 3)).to(device)
    student = nn.Linear(6, 3).to(device)
    print(Distiller(teacher, student).step(torch.randn(5, 6, device=device), torch.randint(0, 3, (5,), device=device)))
