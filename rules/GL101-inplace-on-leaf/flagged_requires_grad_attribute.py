"""`requires_grad = True` set on a tensor, then initialised in place."""
import math

import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def init_matrix(rows: int, cols: int) -> torch.Tensor:
    weight = torch.empty(rows, cols, device=device)
    weight.requires_grad = True
    bound = 1 / math.sqrt(cols)
    weight.uniform_(-bound, bound)  # error: GL101
    return weight


if __name__ == "__main__":
    print(init_matrix(3, 4).shape)
