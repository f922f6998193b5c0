"""A memory-pooling GNN's epoch, as in PyG's examples: a loop of ordinary steps (clear,
backward, step on each batch), then one more step on a KL term summed over the whole
dataset without a backward inside its loop. The clearing in the first loop belongs to that
loop's own steps; nothing accumulates toward the final step across it."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MemPoolNet(nn.Module):
    def __init__(self, d_in: int = 6, hidden: int = 8, clusters: int = 3, classes: int = 2) -> None:
        super().__init__()
        self.lin = nn.Linear(d_in, hidden)
        self.k = nn.Parameter(torch.randn(clusters, hidden))
        self.out = nn.Linear(hidden, classes)

    def forward(self, x: torch.Tensor) -> tuple:
        h = F.leaky_relu(self.lin(x))
        assign = torch.softmax(h @ self.k.T, dim=-1)
        pooled = (assign.T @ h).mean(0, keepdim=True)
        p = assign.mean(0)
        kl = (p * (p.clamp_min(1e-9).log() + torch.log(torch.tensor(float(len(p)))))).sum()
        return F.log_softmax(self.out(pooled), dim=-1), kl


def train_epoch(model: MemPoolNet, loader, optimizer: torch.optim.Optimizer) -> float:
    model.train()
    model.k.requires_grad = False
    for x, y in loader:
        optimizer.zero_grad()
        out = model(x.to(device))[0]
        loss = F.nll_loss(out, y.to(device))
        loss.backward()
        optimizer.step()

    kl_loss = 0.0
    model.k.requires_grad = True
    optimizer.zero_grad()
    for x, _ in loader:
        kl_loss += model(x.to(device))[1]
    kl_loss /= len(loader)
    kl_loss.backward()
    optimizer.step()
    return kl_loss.item()


if __name__ == "__main__":
    net = MemPoolNet().to(device)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=4e-5)
    data = [(torch.randn(5, 6), torch.randint(0, 2, (1,))) for _ in range(3)]
    for _ in range(2):
        train_epoch(net, data, opt)
