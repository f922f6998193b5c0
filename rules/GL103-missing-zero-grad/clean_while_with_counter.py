"""A while loop with a step counter and a scheduler, zeroing every step."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def train(max_steps: int = 3) -> None:
    model = nn.Linear(4, 2).to(device)
    optim = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.StepLR(optim, step_size=1, gamma=0.5)
    global_step = 0
    while global_step < max_steps:
        optim.zero_grad()
        loss = model(torch.randn(3, 4, device=device)).pow(2).sum()
        loss.backward()
        optim.step()
        scheduler.step()
        global_step += 1


if __name__ == "__main__":
    train()
