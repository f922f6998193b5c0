"""Write a Python file of realistic PyTorch code with about N lines, for scaling benchmarks.

    python scripts/generate_code.py LINES [-o FILE] [--seed N]

The file repeats units of the shapes gradlint reads every day, each with its own names:
a module class built by a helper factory, an init loop over ``self.modules()``, a trainer
class with a training step, a training loop with accumulation, evaluation under
``no_grad``, module-level configuration assignments and helper calls. Every unit is
correct code (no finding is expected), so the time measured is the analysis itself.
"""

from __future__ import annotations

import argparse
import random
import sys

HEADER = '''"""Generated benchmark input: {units} units of model, trainer and loop code."""

import math
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

'''

UNIT = """
LR_{i} = {lr}
WIDTH_{i} = {width}
DEPTH_{i} = {depth}
config_{i} = {{"lr": LR_{i}, "width": WIDTH_{i}, "depth": DEPTH_{i}, "name": "unit{i}"}}


def make_block_{i}(width, dropout=0.1):
    layers = [nn.Linear(width, width), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class Net{i}(nn.Module):
    def __init__(self, width=WIDTH_{i}, depth=DEPTH_{i}):
        super().__init__()
        self.stem = nn.Linear(8, width)
        self.blocks = nn.ModuleList([make_block_{i}(width) for _ in range(depth)])
        self.head = nn.Linear(width, 2)
        for module in self.modules():
            if isinstance(module, nn.Linear):
                nn.init.kaiming_normal_(module.weight)
                nn.init.zeros_(module.bias)

    def forward(self, x):
        h = F.relu(self.stem(x))
        for block in self.blocks:
            h = h + block(h)
        return self.head(h)


class Trainer{i}:
    def __init__(self, model, lr=LR_{i}, accumulate={accumulate}):
        self.model = model.to(device)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr, momentum=0.9)
        self.accumulate = accumulate
        self.history = []

    def training_step(self, batch, step):
        x, y = batch
        loss = F.cross_entropy(self.model(x), y) / self.accumulate
        loss.backward()
        if (step + 1) % self.accumulate == 0:
            self.optimizer.step()
            self.optimizer.zero_grad()
        self.history.append(loss.item())
        return loss.detach()

    def evaluate(self, batches):
        total, correct = 0, 0
        with torch.no_grad():
            for x, y in batches:
                logits = self.model(x)
                correct += (logits.argmax(dim=1) == y).sum().item()
                total += y.numel()
        return correct / max(total, 1)


def train_{i}(epochs={epochs}, steps={steps}):
    model = Net{i}()
    trainer = Trainer{i}(model)
    batches = [(torch.randn(4, 8, device=device), torch.randint(0, 2, (4,), device=device)) for _ in range(steps)]
    for epoch in range(epochs):
        for step, batch in enumerate(batches):
            trainer.training_step(batch, step)
        score = trainer.evaluate(batches)
        if score > {threshold}:
            break
    schedule = [LR_{i} * math.cos(k / {steps}) for k in range({steps})]
    return model, score, schedule


def run_{i}():
    seed = random.randint(0, {seed_max})
    torch.manual_seed(seed)
    model, score, schedule = train_{i}()
    w = torch.zeros(3, requires_grad=True)
    with torch.no_grad():
        w.add_(1.0)
    stats_{i} = {{"score": score, "lr": schedule[-1], "seed": seed}}
    return stats_{i}
"""

UNIT_LINES = UNIT.count("\n")


def generate(lines: int, seed: int = 0) -> str:
    """About ``lines`` lines (whole units; at least one)."""
    rng = random.Random(seed)
    units = max(1, round((lines - HEADER.count("\n")) / UNIT_LINES))
    parts = [HEADER.format(units=units)]
    for i in range(units):
        parts.append(
            UNIT.format(
                i=i,
                lr=rng.choice(["0.1", "1e-3", "3e-4"]),
                width=rng.choice([16, 32, 64]),
                depth=rng.randint(1, 4),
                accumulate=rng.randint(1, 4),
                epochs=rng.randint(1, 3),
                steps=rng.randint(2, 8),
                threshold=rng.choice(["0.9", "0.95"]),
                seed_max=rng.randint(10, 1000),
            )
        )
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", type=int)
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    text = generate(args.lines, args.seed)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
