"""Grad-mode objects used as decorators, called or not: both are entered by torch."""
import torch
import torch as T
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return model(x)


@torch.no_grad
def embed(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return model(x).detach()


@T.inference_mode()
def serve(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    return model(x).softmax(-1)


class Probe:
    def __init__(self, model: nn.Module) -> None:
        self.model = model

    @torch.enable_grad()
    def saliency(self, x: torch.Tensor) -> torch.Tensor:
        x = x.clone().requires_grad_(True)
        self.model(x).sum().backward()
        return x.grad.abs()


if __name__ == "__main__":
    net = nn.Linear(4, 3).to(device)
    x = torch.randn(2, 4, device=device)
    assert not predict(net, x).requires_grad
    assert not embed(net, x).requires_grad
    assert not serve(net, x).requires_grad
    with torch.no_grad():
        print(Probe(net).saliency(x).shape)
