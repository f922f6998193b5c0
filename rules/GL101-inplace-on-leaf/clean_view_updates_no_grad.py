"""Row edits and masked writes on leaves, done under no_grad."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TextModel(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(16, 4)
        self.weight = nn.Parameter(torch.randn(4, 4))

    @torch.no_grad()
    def clear_padding(self) -> None:
        self.embed.weight[0] = 0.0

    def prune(self, threshold: float) -> None:
        with torch.no_grad():
            self.weight[self.weight.abs() < threshold] = 0.0
            self.weight[:, 0] += 1.0


if __name__ == "__main__":
    model = TextModel().to(device)
    model.clear_padding()
    model.prune(0.5)
