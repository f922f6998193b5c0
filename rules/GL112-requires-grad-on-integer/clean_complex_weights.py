"""A spectral filter with complex weights: complex tensors may require grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SpectralFilter(nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.weights = nn.Parameter(torch.ones(n // 2 + 1, dtype=torch.complex64))
        self.phase = torch.zeros(n // 2 + 1, dtype=torch.cfloat, requires_grad=True)

    def forward(self, signal: torch.Tensor) -> torch.Tensor:
        spectrum = torch.fft.rfft(signal)
        phase = self.phase.to(signal.device)
        return torch.fft.irfft(spectrum * self.weights * torch.exp(1j * phase), n=signal.shape[-1])


if __name__ == "__main__":
    layer = SpectralFilter(16).to(device)
    layer(torch.randn(2, 16, device=device)).pow(2).mean().backward()
    print(layer.weights.grad.dtype)
