"""Show-attend-tell captioning: the CNN encoder is fine-tuned only when it has an
optimizer, so its `zero_grad()` and its `step()` both sit under `if encoder_optimizer is
not None:`; `encoder_optimizer` is not rebound in between, so the two tests agree in
every iteration."""
from typing import Optional

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Encoder(nn.Module):
    def __init__(self, channels: int = 8) -> None:
        super().__init__()
        self.cnn = nn.Sequential(nn.Conv2d(3, channels, 3, padding=1), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(2))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.cnn(images).flatten(2).transpose(1, 2)  # (batch, pixels, channels)


class Decoder(nn.Module):
    def __init__(self, vocab: int = 12, channels: int = 8, hidden: int = 16) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.attend = nn.Linear(channels + hidden, 1)
        self.cell = nn.LSTMCell(hidden + channels, hidden)
        self.out = nn.Linear(hidden, vocab)
        self.hidden = hidden

    def forward(self, features: torch.Tensor, captions: torch.Tensor) -> tuple:
        h = c = features.new_zeros(features.size(0), self.hidden)
        scores, alphas = [], []
        for t in range(captions.size(1) - 1):
            query = h.unsqueeze(1).expand(-1, features.size(1), -1)
            alpha = self.attend(torch.cat([features, query], dim=2)).softmax(dim=1)
            context = (alpha * features).sum(dim=1)
            h, c = self.cell(torch.cat([self.embed(captions[:, t]), context], dim=1), (h, c))
            scores.append(self.out(h))
            alphas.append(alpha.squeeze(2))
        return torch.stack(scores, dim=1), torch.stack(alphas, dim=1)


def train_epoch(
    loader,
    encoder: Encoder,
    decoder: Decoder,
    decoder_optimizer: torch.optim.Optimizer,
    encoder_optimizer: Optional[torch.optim.Optimizer],
    alpha_c: float = 1.0,
    grad_clip: Optional[float] = 5.0,
) -> None:
    criterion = nn.CrossEntropyLoss()
    decoder.train()
    encoder.train()
    for images, captions, lengths in loader:
        images, captions = images.to(device), captions.to(device)
        scores, alphas = decoder(encoder(images), captions)
        targets = captions[:, 1:]
        scores = pack_padded_sequence(scores, lengths - 1, batch_first=True, enforce_sorted=False).data
        targets = pack_padded_sequence(targets, lengths - 1, batch_first=True, enforce_sorted=False).data
        loss = criterion(scores, targets)
        loss += alpha_c * ((1.0 - alphas.sum(dim=1)) ** 2).mean()

        decoder_optimizer.zero_grad()
        if encoder_optimizer is not None:
            encoder_optimizer.zero_grad()
        loss.backward()

        if grad_clip is not None:
            nn.utils.clip_grad_value_(decoder.parameters(), grad_clip)
            if encoder_optimizer is not None:
                nn.utils.clip_grad_value_(encoder.parameters(), grad_clip)

        decoder_optimizer.step()
        if encoder_optimizer is not None:
            encoder_optimizer.step()


if __name__ == "__main__":
    batches = [
        (torch.randn(2, 3, 4, 4), torch.randint(0, 12, (2, 5)), torch.tensor([5, 4])) for _ in range(3)
    ]
    for fine_tune in (False, True):
        encoder, decoder = Encoder().to(device), Decoder().to(device)
        decoder_optimizer = torch.optim.Adam(decoder.parameters(), lr=4e-4)
        encoder_optimizer = torch.optim.Adam(encoder.parameters(), lr=1e-4) if fine_tune else None
        for p in encoder.parameters():
            p.requires_grad_(fine_tune)
        train_epoch(batches, encoder, decoder, decoder_optimizer, encoder_optimizer)
