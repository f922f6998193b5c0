"""`x * c` saves `c` (and `x` only if `c` requires grad): writing `x` afterwards is fine."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def scale_features() -> torch.Tensor:
    features = torch.randn(3, 4, device=device, requires_grad=True)
    scale = torch.rand(4, device=device)
    scaled = features * scale
    with torch.no_grad():
        features.mul_(0.5)
    scaled.sum().backward()
    return features.grad


if __name__ == "__main__":
    print(scale_features())
