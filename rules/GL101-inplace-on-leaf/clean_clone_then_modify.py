"""Cloning a leaf gives a non-leaf that may be written in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def masked_logits(weights: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    logits = weights.clone()
    logits[mask] = float("-inf")
    logits.sub_(3.0)
    return logits.softmax(-1)


if __name__ == "__main__":
    w = torch.randn(5, device=device, requires_grad=True)
    probs = masked_logits(w, torch.tensor([True, False, False, True, False], device=device))
    probs[1].backward()
    print(w.grad)
