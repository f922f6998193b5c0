"""Unnormalised probabilities clamped in place after exp(), which saved its result."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def energy_loss(logits: torch.Tensor) -> torch.Tensor:
    weights = torch.ones(logits.shape[-1], device=device, requires_grad=True)
    scores = (logits * weights).exp()
    scores.clamp_(max=1e4)  # error: GL102
    return scores.mean()


if __name__ == "__main__":
    loss = energy_loss(torch.randn(5, 3, device=device))
    loss.backward()
