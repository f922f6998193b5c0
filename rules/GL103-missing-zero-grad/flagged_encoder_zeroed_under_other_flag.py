"""Captioning with an optional fine-tuned encoder, where the zeroing and the step of the
encoder's optimizer test different things: the optimizer exists whenever a learning
rate is given, but its gradients are cleared only with `--fine-tune-encoder`. Run
without that flag, the encoder steps on the sum of every batch's gradients."""
import argparse

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_encoder(channels: int = 8) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(3, channels, 3, padding=1), nn.BatchNorm2d(channels), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(1)
    )


class CaptionHead(nn.Module):
    def __init__(self, channels: int = 8, vocab: int = 12) -> None:
        super().__init__()
        self.proj = nn.Linear(channels, vocab)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return self.proj(features.flatten(1))


def train(args: argparse.Namespace, loader) -> None:
    encoder, head = make_encoder().to(device), CaptionHead().to(device)
    head_optimizer = torch.optim.Adam(head.parameters(), lr=4e-4)
    encoder_optimizer = torch.optim.Adam(encoder.parameters(), lr=args.encoder_lr) if args.encoder_lr else None
    criterion = nn.CrossEntropyLoss()
    for images, first_words in loader:
        images, first_words = images.to(device), first_words.to(device)
        loss = criterion(head(encoder(images)), first_words)

        head_optimizer.zero_grad()
        if args.fine_tune_encoder:
            encoder_optimizer.zero_grad()
        loss.backward()

        head_optimizer.step()
        if encoder_optimizer is not None:
            encoder_optimizer.step()  # error: GL103


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoder-lr", type=float, default=1e-4)
    parser.add_argument("--fine-tune-encoder", action="store_true")
    batches = [(torch.randn(2, 3, 4, 4), torch.randint(0, 12, (2,))) for _ in range(3)]
    train(parser.parse_args([]), batches)
