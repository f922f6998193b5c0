"""The input batch buffer, saved by the matmul with a trainable matrix, reused in place."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def main(steps: int = 1) -> None:
    W = torch.randn(4, 2, device=device, requires_grad=True)
    x = torch.randn(8, 4, device=device)
    for _ in range(steps):
        pred = x @ W
        x.mul_(0.5)  # error: GL102
        loss = pred.pow(2).mean()
        loss.backward()


if __name__ == "__main__":
    main()
