"""A fine-tuning script with `--accum-steps`: the loss is divided by it and the step
waits for the window, but `optimizer.zero_grad()` still runs on every batch."""
import argparse

import torch
import torch.nn.functional as F
from torchvision import models


def train_one_epoch(model, loader, optimizer, scheduler, args: argparse.Namespace) -> None:
    model.train()
    for batch_idx, (images, targets) in enumerate(loader):
        images, targets = images.cuda(non_blocking=True), targets.cuda(non_blocking=True)
        optimizer.zero_grad(set_to_none=True)  # error: GL113
        loss = F.cross_entropy(model(images), targets, label_smoothing=0.1)
        (loss / args.accum_steps).backward()
        if (batch_idx + 1) % args.accum_steps == 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip_grad)
            optimizer.step()
            scheduler.step()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accum-steps", type=int, default=4)
    parser.add_argument("--clip-grad", type=float, default=1.0)
    args = parser.parse_args()
    model = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V2).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
    train_one_epoch(model, [], optimizer, scheduler, args)
