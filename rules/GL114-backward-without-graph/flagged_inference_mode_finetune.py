"""A fine-tuning script that computes the logits under inference_mode and calls backward afterwards."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def finetune_head(backbone: nn.Module, head: nn.Linear, batches) -> None:
    optimizer = torch.optim.SGD(head.parameters(), lr=0.01)
    for x, y in batches:
        with torch.inference_mode():
            logits = head(backbone(x))
        loss = nn.functional.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()  # error: GL114
        optimizer.step()


if __name__ == "__main__":
    backbone = nn.Sequential(nn.Linear(8, 16), nn.ReLU()).to(device)
    head = nn.Linear(16, 4).to(device)
    batches = [(torch.randn(4, 8, device=device), torch.randint(0, 4, (4,), device=device))]
    finetune_head(backbone, head, batches)
