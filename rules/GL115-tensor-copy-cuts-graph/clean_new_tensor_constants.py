"""Constants made on the logits' device and dtype with new_tensor from Python numbers."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class FocalLoss(nn.Module):
    def __init__(self, alpha=(0.25, 0.75), gamma: float = 2.0) -> None:
        super().__init__()
        self.alpha, self.gamma = alpha, gamma

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        alpha = logits.new_tensor(self.alpha)[target]
        log_p = F.log_softmax(logits, dim=-1).gather(1, target.unsqueeze(1)).squeeze(1)
        return (-alpha * (1 - log_p.exp()) ** self.gamma * log_p).mean()


if __name__ == "__main__":
    model = nn.Linear(5, 2).to(device)
    loss = FocalLoss()(model(torch.randn(6, 5, device=device)), torch.randint(0, 2, (6,), device=device))
    loss.backward()
