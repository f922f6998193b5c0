"""A linear-probe helper decorated with torch.enable_grad(), called from a validation loop under no_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@torch.enable_grad()
def fit_linear_probe(features: torch.Tensor, labels: torch.Tensor, classes: int, steps: int = 5) -> nn.Linear:
    probe = nn.Linear(features.shape[1], classes).to(features.device)
    optimizer = torch.optim.SGD(probe.parameters(), lr=0.5)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(probe(features), labels)
        loss.backward()
        optimizer.step()
    return probe


class SelfSupervisedModule(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 8))

    def validation_epoch(self, loader) -> float:
        self.eval()
        with torch.no_grad():
            feats, labels = zip(*[(self.encoder(x), y) for x, y in loader])
            feats, labels = torch.cat(feats), torch.cat(labels)
            probe = fit_linear_probe(feats, labels, classes=3)
            return (probe(feats).argmax(1) == labels).float().mean().item()


if __name__ == "__main__":
    module = SelfSupervisedModule().to(device)
    loader = [(torch.randn(6, 12, device=device), torch.randint(0, 3, (6,), device=device)) for _ in range(2)]
    print(module.validation_epoch(loader))
