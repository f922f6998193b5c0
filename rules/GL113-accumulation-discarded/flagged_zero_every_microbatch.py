"""Accumulation over four micro-batches whose `zero_grad()` still runs on every batch:
each guarded step sees only the last micro-batch's gradient, divided by four."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
ACCUMULATION_STEPS = 4


def make_classifier(in_features: int, hidden: int, classes: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU(), nn.Dropout(0.1), nn.Linear(hidden, classes))


def train_epoch(model: nn.Module, optimizer, scheduler, loader) -> float:
    model.train()
    running = 0.0
    for i, (images, labels) in enumerate(loader):
        optimizer.zero_grad()  # error: GL113
        logits = model(images.to(device))
        loss = F.cross_entropy(logits, labels.to(device)) / ACCUMULATION_STEPS
        loss.backward()
        running += loss.item()
        if (i + 1) % ACCUMULATION_STEPS == 0:
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            scheduler.step()
    return running


if __name__ == "__main__":
    net = make_classifier(12, 16, 3).to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=10)
    batches = [(torch.randn(5, 12), torch.randint(0, 3, (5,))) for _ in range(8)]
    print(train_epoch(net, opt, sched, batches))
