"""Soft prompt tuning with a half-precision prompt cast after requires_grad=True; the update loop skips it because its .grad is None."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class PromptTuner:
    def __init__(self, model: nn.Module, prompt_len: int, dim: int) -> None:
        self.model = model.requires_grad_(False)
        self.prompt = torch.randn(prompt_len, dim, requires_grad=True).half()  # error: GL111
        self.lr = 0.1

    def loss(self, tokens: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        prompt = self.prompt.to(tokens.device).float().expand(tokens.shape[0], -1, -1)
        pooled = torch.cat([prompt, tokens], dim=1).mean(dim=1)
        return nn.functional.cross_entropy(self.model(pooled), target)

    def step(self, tokens: torch.Tensor, target: torch.Tensor) -> float:
        loss = self.loss(tokens, target)
        loss.backward()
        if self.prompt.grad is not None:
            with torch.no_grad():
                self.prompt -= self.lr * self.prompt.grad
        return loss.item()


if __name__ == "__main__":
    tuner = PromptTuner(nn.Linear(6, 3).to(device), prompt_len=2, dim=6)
    tokens, target = torch.randn(4, 5, 6, device=device), torch.randint(0, 3, (4,), device=device)
    print([tuner.step(tokens, target) for _ in range(3)])
