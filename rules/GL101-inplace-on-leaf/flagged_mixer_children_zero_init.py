"""An MLP-Mixer that zero-inits the last layer of each residual branch by walking
`self.blocks.children()`, with `zero_()` on the weight outside no_grad: raises."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MlpBlock(nn.Module):
    def __init__(self, dim: int, hidden: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.act(self.fc1(x)))


class MixerBlock(nn.Module):
    def __init__(self, tokens: int, dim: int) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.mlp_tokens = MlpBlock(tokens, tokens * 2)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp_channels = MlpBlock(dim, dim * 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.mlp_tokens(self.norm1(x).transpose(1, 2)).transpose(1, 2)
        return x + self.mlp_channels(self.norm2(x))


class MlpMixer(nn.Module):
    def __init__(self, tokens: int = 4, dim: int = 8, depth: int = 2, num_classes: int = 3) -> None:
        super().__init__()
        self.stem = nn.Linear(12, dim)
        self.blocks = nn.Sequential(*[MixerBlock(tokens, dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)
        self.zero_init_branches()

    def zero_init_branches(self) -> None:
        # each block starts as the identity
        for block in self.blocks.children():
            if isinstance(block, MixerBlock):
                block.mlp_channels.fc2.weight.zero_()  # error: GL101

    def forward(self, patches: torch.Tensor) -> torch.Tensor:
        return self.head(self.norm(self.blocks(self.stem(patches))).mean(dim=1))


if __name__ == "__main__":
    mixer = MlpMixer().to(device)
    print(mixer(torch.randn(2, 4, 12, device=device)).shape)
