"""Loading weights by hand from a state dict, outside no_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(8, 4)
        self.norm = nn.LayerNorm(4)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.norm(self.proj(x))


def load_partial(model: Encoder, state: dict) -> None:
    for key, tensor in state.items():
        if key == "proj.weight":
            model.proj.weight.copy_(tensor)  # error: GL101


if __name__ == "__main__":
    encoder = Encoder().to(device)
    load_partial(encoder, {"proj.weight": torch.ones(4, 8, device=device)})
