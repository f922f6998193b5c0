"""A dataset and collate function that build tensors with torch.tensor from lists and NumPy arrays."""
import numpy as np
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class ArrayDataset:
    def __init__(self, features: np.ndarray, labels: list) -> None:
        self.features, self.labels = features, labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int):
        return torch.tensor(self.features[i], dtype=torch.float32), torch.tensor(self.labels[i])


def collate(items):
    xs, ys = zip(*items)
    return torch.stack(xs).to(device), torch.stack(ys).to(device)


if __name__ == "__main__":
    data = ArrayDataset(np.random.randn(6, 3), [0, 1, 1, 0, 1, 0])
    model = nn.Linear(3, 2).to(device)
    x, y = collate([data[i] for i in range(len(data))])
    nn.functional.cross_entropy(model(x), y).backward()
