"""Mixed-precision fine-tuning with a GradScaler that never clears the gradients."""
import torch
from torch.cuda.amp import GradScaler, autocast
from tqdm import tqdm


def fine_tune(model, train_loader, epochs: int = 3, lr: float = 3e-5) -> None:
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=epochs * len(train_loader))
    scaler = GradScaler()
    model.cuda().train()
    for epoch in range(epochs):
        for images, labels in tqdm(train_loader, desc=f"epoch {epoch}"):
            with autocast():
                loss = torch.nn.functional.cross_entropy(model(images.cuda()), labels.cuda())
            scaler.scale(loss).backward()
            scaler.step(optimizer)  # error: GL103
            scaler.update()
            scheduler.step()
