"""Epoch and batch loops that never clear the gradients."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def make_loader(batches: int = 3):
    return [(torch.randn(8, 4, device=device), torch.randint(0, 3, (8,), device=device)) for _ in range(batches)]


def main(epochs: int = 2) -> None:
    model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3)).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    loader = make_loader()
    for epoch in range(epochs):
        running = 0.0
        for inputs, labels in loader:
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()  # error: GL103
            running += loss.item()
        print(f"epoch {epoch}: {running / len(loader):.3f}")


if __name__ == "__main__":
    main()
