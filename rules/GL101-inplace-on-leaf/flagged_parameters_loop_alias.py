"""`import torch as T`, a model's parameters updated by hand after backward."""
import torch as T
import torch.nn.functional as F

device = T.device("cuda" if T.cuda.is_available() else "cpu")


def train(model: T.nn.Module, batches, lr: float = 1e-2) -> None:
    for inputs, targets in batches:
        loss = F.mse_loss(model(inputs), targets)
        loss.backward()
        for p in model.parameters():
            p -= lr * p.grad  # error: GL101
            p.grad = None


if __name__ == "__main__":
    net = T.nn.Sequential(T.nn.Linear(4, 8), T.nn.Tanh(), T.nn.Linear(8, 1)).to(device)
    data = [(T.randn(5, 4, device=device), T.randn(5, 1, device=device)) for _ in range(2)]
    train(net, data)
