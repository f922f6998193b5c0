"""Test-time adaptation (entropy minimisation) in a predict method decorated with torch.inference_mode()."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Adapter:
    def __init__(self, model: nn.Module) -> None:
        self.model = model
        norm_params = [p for m in model.modules() if isinstance(m, nn.BatchNorm1d) for p in m.parameters()]
        self.optimizer = torch.optim.SGD(norm_params, lr=1e-3)

    @torch.inference_mode()
    def predict(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.model(x)
        entropy = -(logits.softmax(1) * logits.log_softmax(1)).sum(1).mean()
        self.optimizer.zero_grad()
        entropy.backward()  # error: GL114
        self.optimizer.step()
        return logits.argmax(1)


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3)).to(device)
    print(Adapter(model).predict(torch.randn(6, 5, device=device)))
