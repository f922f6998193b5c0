"""A standard loop: the optimizer does the in-place update under no_grad itself."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_one_epoch(model: nn.Module, loader, optimizer, scheduler) -> float:
    model.train()
    total = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(model(inputs), targets)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        total += loss.item()
    scheduler.step()
    return total


if __name__ == "__main__":
    net = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1)
    data = [(torch.randn(4, 5, device=device), torch.randint(0, 3, (4,), device=device)) for _ in range(3)]
    print(train_one_epoch(net, data, opt, sched))
