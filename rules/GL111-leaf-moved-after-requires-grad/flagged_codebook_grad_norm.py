"""A vector-quantiser whose codebook is cast to float64 after requires_grad=True; logging its grad norm fails."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class VectorQuantizer(nn.Module):
    def __init__(self, codes: int, dim: int) -> None:
        super().__init__()
        self.codebook = torch.randn(codes, dim, requires_grad=True).double()  # error: GL111

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        codebook = self.codebook.to(z.device)
        distances = torch.cdist(z.double(), codebook)
        soft = torch.softmax(-distances, dim=-1)
        return (soft @ codebook).float()


def train_step(encoder: nn.Module, vq: VectorQuantizer, optimizer, x: torch.Tensor) -> dict:
    optimizer.zero_grad()
    z = encoder(x)
    loss = nn.functional.mse_loss(vq(z), z.detach()) + 0.25 * nn.functional.mse_loss(z, vq(z).detach())
    loss.backward()
    optimizer.step()
    return {"loss": loss.item(), "codebook_grad_norm": vq.codebook.grad.norm().item()}


if __name__ == "__main__":
    encoder = nn.Linear(6, 4).to(device)
    vq = VectorQuantizer(8, 4)
    optimizer = torch.optim.Adam(encoder.parameters(), lr=1e-3)
    print(train_step(encoder, vq, optimizer, torch.randn(5, 6, device=device)))
