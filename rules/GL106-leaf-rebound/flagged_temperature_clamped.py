"""A contrastive trainer with a learnable temperature that is clamped by rebinding the
name before the optimizer is built: the clamped tensor is not a leaf and Adam refuses it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Encoder(nn.Module):
    def __init__(self, dim_in: int = 10, dim_out: int = 6) -> None:
        super().__init__()
        self.net = nn.Sequential(nn.Linear(dim_in, 16), nn.ReLU(), nn.Linear(16, dim_out))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.net(x), dim=-1)


class ContrastiveTrainer:
    def __init__(self, encoder: nn.Module, init_temperature: float = 0.07) -> None:
        self.encoder = encoder
        log_scale = nn.Parameter(torch.tensor(1.0 / init_temperature, device=device).log())
        log_scale = log_scale.clamp(max=4.6052)  # error: GL106
        self.log_scale = log_scale
        self.optimizer = torch.optim.Adam([*encoder.parameters(), log_scale], lr=1e-3)

    def step(self, a: torch.Tensor, b: torch.Tensor) -> float:
        logits = self.encoder(a) @ self.encoder(b).T * self.log_scale.exp()
        loss = F.cross_entropy(logits, torch.arange(len(a), device=device))
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()


if __name__ == "__main__":
    trainer = ContrastiveTrainer(Encoder().to(device))
    print(trainer.step(torch.randn(8, 10, device=device), torch.randn(8, 10, device=device)))
