"""Notebook-turned-script: embeddings initialised with `requires_grad=True`, then
normalised by rebinding the name, then handed to SGD, which refuses a non-leaf."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %% vocabulary and co-occurrence pairs
vocab_size, dim = 20, 8
pairs = torch.randint(0, vocab_size, (64, 2), device=device)

# %% parameters
emb = torch.randn(vocab_size, dim, device=device, requires_grad=True)
ctx = torch.randn(vocab_size, dim, device=device, requires_grad=True)
emb = emb / emb.norm(dim=1, keepdim=True)  # error: GL106


# %% training
def train(epochs: int = 3) -> None:
    optimizer = torch.optim.SGD([emb, ctx], lr=0.1)
    for _ in range(epochs):
        optimizer.zero_grad()
        scores = (emb[pairs[:, 0]] * ctx[pairs[:, 1]]).sum(1)
        F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores)).backward()
        optimizer.step()


if __name__ == "__main__":
    train()
