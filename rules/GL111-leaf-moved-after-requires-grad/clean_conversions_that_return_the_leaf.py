"""Defensive .float() / .cpu() / .to(torch.float32) on a float32 leaf made on the CPU: each returns the leaf itself, on every device."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def init_weights(shape, dtype=torch.float32) -> torch.Tensor:
    return torch.randn(*shape, requires_grad=True).float().cpu().to(dtype)


if __name__ == "__main__":
    w = init_weights((3, 2))
    bias = torch.zeros(2, requires_grad=True).to("cpu")
    optimizer = torch.optim.SGD([w, bias], lr=0.1)
    x = torch.randn(5, 3)
    for _ in range(2):
        optimizer.zero_grad()
        (x @ w + bias).pow(2).mean().backward()
        optimizer.step()
    print(w.is_leaf, bias.is_leaf)
