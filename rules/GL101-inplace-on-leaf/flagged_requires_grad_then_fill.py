"""A bias built with `empty`, switched to requires_grad, then filled in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def build_bias(n: int) -> torch.Tensor:
    bias = torch.empty(n, device=device)
    bias.requires_grad_()
    if n > 2:
        bias.fill_(0.1)  # error: GL101
    return bias


if __name__ == "__main__":
    print(build_bias(4))
