"""A fine-tuning loop whose evaluation runs under inference_mode after the training step, not around it."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def finetune_head(backbone: nn.Module, head: nn.Linear, batches, val) -> float:
    optimizer = torch.optim.SGD(head.parameters(), lr=0.01)
    for x, y in batches:
        with torch.no_grad():
            features = backbone(x)
        loss = nn.functional.cross_entropy(head(features), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.inference_mode():
        x_val, y_val = val
        return (head(backbone(x_val)).argmax(1) == y_val).float().mean().item()


if __name__ == "__main__":
    backbone = nn.Sequential(nn.Linear(8, 16), nn.ReLU()).to(device)
    head = nn.Linear(16, 4).to(device)
    batches = [(torch.randn(4, 8, device=device), torch.randint(0, 4, (4,), device=device))]
    print(finetune_head(backbone, head, batches, batches[0]))
