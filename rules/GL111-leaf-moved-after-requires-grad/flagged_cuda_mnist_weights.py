"""The classic from-scratch MNIST softmax regression that puts its weights on the GPU after requires_grad=True."""
# fixture: cuda-only
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

W = torch.randn(784, 10, requires_grad=True).cuda()  # error: GL111
b = torch.zeros(10, device="cuda", requires_grad=True)


def model(x: torch.Tensor) -> torch.Tensor:
    return torch.log_softmax(x @ W + b, dim=1)


if __name__ == "__main__":
    lr = 0.1
    for step in range(3):
        x = torch.rand(16, 784, device=device)
        y = torch.randint(0, 10, (16,), device=device)
        loss = torch.nn.functional.nll_loss(model(x), y)
        loss.backward()
        W.data -= lr * W.grad.data
        b.data -= lr * b.grad.data
