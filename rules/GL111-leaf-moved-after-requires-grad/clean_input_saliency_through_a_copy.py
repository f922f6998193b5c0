"""Input saliency: the leaf is the CPU input, the model sees a moved copy, and the gradient is read from the leaf."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def saliency(model: nn.Module, image: torch.Tensor, target: int) -> torch.Tensor:
    image = image.clone().requires_grad_(True)
    score = model(image.to(device).double())[0, target]
    score.backward()
    return image.grad.abs()


if __name__ == "__main__":
    model = nn.Sequential(nn.Flatten(), nn.Linear(16, 3)).to(device).double()
    print(saliency(model, torch.rand(1, 4, 4), target=2).shape)
