"""Features from an annotated encoder, normalised in place after an exp of them."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x)


def contrastive(encoder: Encoder, a: torch.Tensor) -> torch.Tensor:
    features = encoder.fc(a)
    weights = features.exp()
    weights.div_(weights.sum())  # error: GL102
    return (weights * features).sum()


if __name__ == "__main__":
    enc = Encoder().to(device)
    contrastive(enc, torch.randn(3, 4, device=device)).backward()
