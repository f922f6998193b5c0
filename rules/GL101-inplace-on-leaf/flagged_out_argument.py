"""A preallocated accumulator that requires grad, written through `out=`."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def running_sum(chunks: list) -> torch.Tensor:
    total = torch.zeros(4, device=device, requires_grad=True)
    for chunk in chunks:
        torch.add(total.detach(), chunk, out=total)  # error: GL101
    return total


if __name__ == "__main__":
    print(running_sum([torch.ones(4, device=device) for _ in range(3)]))
