"""An explainer class whose saliency method is decorated with no_grad along with the other inference methods."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Explainer:
    def __init__(self, model: nn.Module) -> None:
        self.model = model.eval()

    @torch.no_grad()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x).argmax(1)

    @torch.no_grad()
    def saliency(self, x: torch.Tensor) -> torch.Tensor:
        x = x.detach().requires_grad_(True)
        score = self.model(x).max(1).values.sum()
        score.backward()  # error: GL114
        return x.grad.abs()


if __name__ == "__main__":
    explainer = Explainer(nn.Sequential(nn.Linear(7, 5), nn.ReLU(), nn.Linear(5, 3)).to(device))
    batch = torch.randn(2, 7, device=device)
    print(explainer.predict(batch))
    print(explainer.saliency(batch))
