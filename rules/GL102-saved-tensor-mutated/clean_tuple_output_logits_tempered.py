"""The metric-learning model returning `(embedding, logits)`: the loop divides `outputs[1]` (a
Linear's output, which nothing saved) by the temperature in place and leaves `outputs[0]`, the
tanh output tanh saved, alone."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class EmbeddingNet(nn.Module):
    def __init__(self, in_dim: int = 10, emb_dim: int = 6, num_classes: int = 4) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(in_dim, 16), nn.ReLU(), nn.Linear(16, emb_dim))
        self.classifier = nn.Linear(emb_dim, num_classes)

    def forward(self, x: torch.Tensor) -> tuple:
        emb = torch.tanh(self.backbone(x))
        return emb, self.classifier(emb)


def train(model: EmbeddingNet, optimizer: torch.optim.Optimizer, batches: list, temperature: float = 2.0) -> None:
    for x, y in batches:
        optimizer.zero_grad()
        outputs = model(x)
        outputs[1].div_(temperature)
        anchor, positive = outputs[0][0::2], outputs[0][1::2]
        loss = F.cross_entropy(outputs[1], y) + (anchor - positive).pow(2).sum(1).mean()
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    model = EmbeddingNet().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    train(model, opt, [(torch.randn(4, 10, device=device), torch.randint(0, 4, (4,), device=device)) for _ in range(2)])
