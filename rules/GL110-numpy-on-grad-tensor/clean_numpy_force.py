"""Exporting weights for a NumPy reimplementation with Tensor.numpy(force=True), which detaches and copies."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def export_linear(layer: nn.Linear) -> dict:
    return {"weight": layer.weight.numpy(force=True), "bias": layer.bias.numpy(force=True)}


def numpy_forward(params: dict, x: np.ndarray) -> np.ndarray:
    return x @ params["weight"].T + params["bias"]


if __name__ == "__main__":
    layer = nn.Linear(4, 2).to(device)
    params = export_linear(layer)
    x = torch.randn(3, 4, device=device)
    reference = layer(x)
    print(np.allclose(numpy_forward(params, x.cpu().numpy()), reference.numpy(force=True), atol=1e-5))
