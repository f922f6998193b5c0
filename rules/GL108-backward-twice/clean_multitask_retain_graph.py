"""Multi-task training that backpropagates two losses through a shared backbone, keeping
the graph for the second with `retain_graph=True` on the first."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TwoHeads(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(6, 16), nn.ReLU())
        self.cls_head = nn.Linear(16, 3)
        self.reg_head = nn.Linear(16, 1)

    def forward(self, x: torch.Tensor):
        h = self.backbone(x)
        return self.cls_head(h), self.reg_head(h)


def train_step(model: TwoHeads, optimizer, x, labels, targets) -> None:
    optimizer.zero_grad()
    logits, pred = model(x)
    cls_loss = F.cross_entropy(logits, labels)
    reg_loss = F.mse_loss(pred, targets)
    cls_loss.backward(retain_graph=True)
    reg_loss.backward()
    optimizer.step()


if __name__ == "__main__":
    net = TwoHeads().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    train_step(net, opt, torch.randn(4, 6, device=device), torch.randint(0, 3, (4,), device=device), torch.randn(4, 1, device=device))
