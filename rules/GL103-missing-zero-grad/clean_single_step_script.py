"""A one-off fine-tuning step in a script: one backward, one step, no loop."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

model = nn.Linear(5, 2).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss = nn.functional.mse_loss(model(torch.randn(3, 5, device=device)), torch.zeros(3, 2, device=device))
loss.backward()
optimizer.step()
print(loss.item())
