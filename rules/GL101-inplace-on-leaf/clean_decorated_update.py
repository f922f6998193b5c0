"""Parameter updates in methods decorated with no_grad, inference_mode and friends."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Scaler(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.log_t = nn.Parameter(torch.zeros(1))
        self.proj = nn.Linear(4, 4)

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        return self.proj(logits) / self.log_t.exp()

    @torch.no_grad()
    def step(self, lr: float) -> None:
        self.log_t -= lr * self.log_t.grad
        self.proj.weight.sub_(lr * self.proj.weight.grad)

    @torch.no_grad
    def clamp(self) -> None:
        self.log_t.clamp_(-3.0, 3.0)

    @torch.inference_mode()
    def shrink(self) -> None:
        self.proj.bias.mul_(0.5)


if __name__ == "__main__":
    model = Scaler().to(device)
    model(torch.randn(2, 4, device=device)).sum().backward()
    model.step(0.1)
    model.clamp()
    model.shrink()
