"""The Hugging Face examples' accumulation: step when the window is full or the
dataloader ends (`step % k == 0 or step == len(loader) - 1`), zero right after, and
zero once before the loop."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Args:
    gradient_accumulation_steps = 2
    max_grad_norm = 1.0
    learning_rate = 5e-4


def build_model(hidden: int = 12) -> nn.Module:
    return nn.Sequential(nn.Linear(6, hidden), nn.GELU(), nn.LayerNorm(hidden), nn.Linear(hidden, 3))


def train(args: Args, model: nn.Module, train_dataloader: list) -> int:
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0 / (1 + s))
    completed_steps = 0
    model.zero_grad()
    for step, (inputs, labels) in enumerate(train_dataloader, start=1):
        loss = F.cross_entropy(model(inputs.to(device)), labels.to(device))
        loss = loss / args.gradient_accumulation_steps
        loss.backward()
        if step % args.gradient_accumulation_steps == 0 or step == len(train_dataloader):
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
            completed_steps += 1
    return completed_steps


if __name__ == "__main__":
    net = build_model().to(device)
    print(train(Args(), net, [(torch.randn(4, 6), torch.randint(0, 3, (4,))) for _ in range(5)]))
