"""Accelerate's older documented accumulation (huggingface/accelerate#1299): zeroing
first thing inside `accumulate()`. On the micro-step that syncs, the prepared
optimizer's zero_grad() is live and clears the window before its last backward."""
from accelerate import Accelerator
from diffusers import DDPMScheduler, UNet2DModel
import torch
import torch.nn.functional as F


def train(dataloader, num_epochs: int = 1) -> None:
    accelerator = Accelerator(gradient_accumulation_steps=8)
    model = UNet2DModel(sample_size=32, in_channels=3, out_channels=3)
    noise_scheduler = DDPMScheduler(num_train_timesteps=1000)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    model, optimizer, dataloader = accelerator.prepare(model, optimizer, dataloader)
    for epoch in range(num_epochs):
        for step, batch in enumerate(dataloader):
            clean_images = batch["images"]
            noise = torch.randn_like(clean_images)
            timesteps = torch.randint(0, 1000, (clean_images.shape[0],), device=clean_images.device)
            noisy_images = noise_scheduler.add_noise(clean_images, noise, timesteps)
            with accelerator.accumulate(model):
                optimizer.zero_grad()  # error: GL113
                noise_pred = model(noisy_images, timesteps, return_dict=False)[0]
                loss = F.mse_loss(noise_pred, noise)
                accelerator.backward(loss)
                accelerator.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
