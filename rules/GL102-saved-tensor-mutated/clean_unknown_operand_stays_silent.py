"""A helper whose input may or may not require grad: gradlint does not guess."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def soft_threshold(t, limit: float):
    out = t.exp()
    out.clamp_(max=limit)
    return out


def pipeline() -> torch.Tensor:
    raw = torch.randn(4, device=device)
    return soft_threshold(raw, 5.0).sum()


if __name__ == "__main__":
    print(pipeline())
