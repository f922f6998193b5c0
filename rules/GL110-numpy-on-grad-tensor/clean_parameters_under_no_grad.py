"""Weight histograms logged under torch.no_grad(), where torch allows .numpy() even on parameters."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SummaryWriter:
    """A stand-in for torch.utils.tensorboard.SummaryWriter: histograms as NumPy counts."""

    def __init__(self) -> None:
        self.histograms = {}

    def add_histogram(self, tag: str, values: np.ndarray, step: int) -> None:
        self.histograms[(tag, step)] = np.histogram(values, bins=8)[0]


def log_weights(writer: SummaryWriter, model: nn.Module, epoch: int) -> None:
    with torch.no_grad():
        for name, param in model.named_parameters():
            writer.add_histogram(name, param.cpu().numpy(), epoch)
            writer.add_histogram(name + "/abs", np.abs(param.cpu().numpy()), epoch)


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 2)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    writer = SummaryWriter()
    for epoch in range(2):
        optimizer.zero_grad()
        model(torch.randn(3, 6, device=device)).pow(2).mean().backward()
        optimizer.step()
        log_weights(writer, model, epoch)
    print(sorted(writer.histograms)[:2])
