"""A script that switches grad off for a first inference pass, and back on before fine-tuning."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def main() -> None:
    torch.set_grad_enabled(False)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1)).to(device)
    x = torch.randn(16, 4, device=device)
    print("predictions", model(x)[:3].squeeze(1))

    torch.set_grad_enabled(True)
    y = torch.randn(16, 1, device=device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _ in range(2):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
