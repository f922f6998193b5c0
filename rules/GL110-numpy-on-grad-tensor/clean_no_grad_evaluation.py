"""Calibration is measured inside torch.no_grad(), so the probabilities carry no graph."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 5) -> float:
    confidences, predictions = probs.max(axis=1), probs.argmax(axis=1)
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        in_bin = (confidences > lo) & (confidences <= hi)
        if in_bin.any():
            ece += in_bin.mean() * abs((predictions[in_bin] == labels[in_bin]).mean() - confidences[in_bin].mean())
    return float(ece)


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    probs = torch.softmax(model(x), dim=1).cpu().numpy()
    return expected_calibration_error(probs, y.cpu().numpy())


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(6, 12), nn.ReLU(), nn.Linear(12, 4)).to(device)
    x = torch.randn(20, 6, device=device)
    y = torch.randint(0, 4, (20,), device=device)
    print("ECE", evaluate(model, x, y))
