"""Multi-task heads registered with `add_module` into an `nn.ModuleDict`; `set_priors` copies
each task's log class prior into `self.heads[task].bias` outside no_grad: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MultiTaskModel(nn.Module):
    def __init__(self, in_dim: int, tasks: dict) -> None:
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(in_dim, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.heads = nn.ModuleDict()
        for task, num_classes in tasks.items():
            self.heads.add_module(task, nn.Linear(16, num_classes))

    def set_priors(self, priors: dict) -> None:
        for task, counts in priors.items():
            self.heads[task].bias.copy_((counts / counts.sum()).log())  # error: GL101

    def forward(self, x: torch.Tensor) -> dict:
        h = self.trunk(x)
        return {task: head(h) for task, head in self.heads.items()}


if __name__ == "__main__":
    model = MultiTaskModel(10, {"species": 3, "habitat": 2}).to(device)
    model.set_priors(
        {
            "species": torch.tensor([50.0, 30.0, 20.0], device=device),
            "habitat": torch.tensor([90.0, 10.0], device=device),
        }
    )
    print({k: v.shape for k, v in model(torch.randn(4, 10, device=device)).items()})
