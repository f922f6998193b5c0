"""`model.zero_grad(set_to_none=True)` placed after backward in a fine-tuning loop."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Classifier(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(6, 12), nn.GELU())
        self.head = nn.Linear(12, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(x))


def finetune(epochs: int = 2) -> None:
    model = Classifier().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        logits = model(torch.randn(4, 6, device=device))
        loss = nn.functional.cross_entropy(logits, torch.tensor([0, 1, 0, 1], device=device))
        loss.backward()
        model.zero_grad(set_to_none=True)  # error: GL104
        optimizer.step()


if __name__ == "__main__":
    finetune()
