"""An inference script that turns grad off at import time and re-enables it in the one function that calibrates."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def calibrate_temperature(logits: torch.Tensor, labels: torch.Tensor, steps: int = 10) -> float:
    with torch.set_grad_enabled(True):
        log_t = torch.zeros(1, device=logits.device, requires_grad=True)
        optimizer = torch.optim.Adam([log_t], lr=0.1)
        for _ in range(steps):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(logits / log_t.exp(), labels)
            loss.backward()
            optimizer.step()
    return log_t.exp().item()


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    model = nn.Linear(5, 3).to(device)
    logits = model(torch.randn(20, 5, device=device))
    print("temperature", calibrate_temperature(logits, torch.randint(0, 3, (20,), device=device)))
    torch.set_grad_enabled(True)
