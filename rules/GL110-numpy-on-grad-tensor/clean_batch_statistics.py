"""NumPy statistics of the input batches and labels inside the training loop: data tensors do not require grad."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def label_histogram(labels: torch.Tensor, classes: int) -> np.ndarray:
    return np.bincount(labels.cpu().numpy(), minlength=classes)


if __name__ == "__main__":
    model = nn.Linear(6, 3).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    seen = np.zeros(3, dtype=np.int64)
    for step in range(3):
        x = torch.randn(8, 6, device=device)
        y = torch.randint(0, 3, (8,), device=device)
        seen += label_histogram(y, 3)
        feature_std = np.std(x.cpu().numpy(), axis=0)
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        print(step, loss.item(), feature_std.round(2))
    print("labels seen", seen)
