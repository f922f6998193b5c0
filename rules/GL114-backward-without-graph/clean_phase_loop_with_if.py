"""The torchvision tutorial's train/val phase loop: backward only in the train phase."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train_model(model: nn.Module, loaders: dict, optimizer, criterion, epochs: int = 1) -> nn.Module:
    for epoch in range(epochs):
        for phase in ["train", "val"]:
            model.train(phase == "train")
            running = 0.0
            for inputs, labels in loaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                running += loss.item() * inputs.size(0)
            print(epoch, phase, running)
    return model


if __name__ == "__main__":
    model = nn.Sequential(nn.Linear(6, 10), nn.ReLU(), nn.Linear(10, 2)).to(device)
    loaders = {
        phase: [(torch.randn(4, 6, device=device), torch.randint(0, 2, (4,), device=device))]
        for phase in ("train", "val")
    }
    train_model(model, loaders, torch.optim.SGD(model.parameters(), lr=0.01), nn.CrossEntropyLoss())
