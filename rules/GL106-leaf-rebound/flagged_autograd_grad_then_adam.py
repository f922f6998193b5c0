"""A bias-free linear probe warmed up with a few hand-written gradient steps, then handed
to Adam: the warm-up rebound `w` to a non-leaf, and Adam refuses it."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def extract_features(n: int = 32, dim: int = 8):
    """Stands in for a frozen backbone's penultimate features, centred."""
    feats = torch.randn(n, dim, device=device)
    return feats - feats.mean(0), torch.randint(0, 4, (n,), device=device)


def train_probe(classes: int = 4, warmup_steps: int = 3, epochs: int = 2, lr: float = 0.5):
    feats, labels = extract_features()
    w = torch.zeros(feats.shape[1], classes, device=device, requires_grad=True)
    for _ in range(warmup_steps):
        loss = F.cross_entropy(feats @ w, labels)
        (grad,) = torch.autograd.grad(loss, [w])
        w = w - lr * grad  # error: GL106
    optimizer = torch.optim.Adam([w], lr=1e-2)
    for _ in range(epochs):
        optimizer.zero_grad()
        F.cross_entropy(feats @ w, labels).backward()
        optimizer.step()
    return w


if __name__ == "__main__":
    train_probe()
