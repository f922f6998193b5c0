"""A module-level `init_fn` that writes parameters directly, dispatching on `type(m) is ...`,
but the only `model.apply(init_fn)` in the file is inside `with torch.no_grad():`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TemporalConvNet(nn.Module):
    def __init__(self, channels: tuple = (4, 8, 8)) -> None:
        super().__init__()
        self.convs = nn.ModuleList(
            nn.Conv1d(c_in, c_out, kernel_size=3, padding=2 ** i, dilation=2 ** i)
            for i, (c_in, c_out) in enumerate(zip(channels[:-1], channels[1:]))
        )
        self.readout = nn.Linear(channels[-1], 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for conv in self.convs:
            x = torch.relu(conv(x))
        return self.readout(x.mean(dim=2))


def init_fn(m: nn.Module) -> None:
    if type(m) is nn.Conv1d:
        m.weight.normal_(0.0, 0.01)
        m.bias.fill_(0.01)
    elif type(m) is nn.Linear:
        m.weight.uniform_(-0.1, 0.1)
        m.bias.zero_()


def build_model() -> TemporalConvNet:
    model = TemporalConvNet()
    with torch.no_grad():
        model.apply(init_fn)
    return model


if __name__ == "__main__":
    model = build_model().to(device)
    model(torch.randn(2, 4, 10, device=device)).sum().backward()
