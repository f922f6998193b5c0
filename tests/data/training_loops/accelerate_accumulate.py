"""Accelerate's gradient accumulation as documented today: zero after the step."""
import torch
from accelerate import Accelerator
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup


def main(train_dataset, num_epochs: int = 3) -> None:
    accelerator = Accelerator(gradient_accumulation_steps=4, mixed_precision="bf16")
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-cased", num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    train_dataloader = DataLoader(train_dataset, batch_size=16, shuffle=True)
    lr_scheduler = get_linear_schedule_with_warmup(optimizer, 100, len(train_dataloader) * num_epochs)
    model, optimizer, train_dataloader, lr_scheduler = accelerator.prepare(
        model, optimizer, train_dataloader, lr_scheduler
    )
    for epoch in range(num_epochs):
        model.train()
        for batch in train_dataloader:
            with accelerator.accumulate(model):
                outputs = model(**batch)
                loss = outputs.loss
                accelerator.backward(loss)
                if accelerator.sync_gradients:
                    accelerator.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                lr_scheduler.step()
                optimizer.zero_grad()
        accelerator.print(f"epoch {epoch} done")
