"""A notebook turned script: manual linear regression, then printing the fitted weights as NumPy."""
# %% [markdown]
# Fit y = 3x - 1 by gradient descent.

# %%
import numpy as np
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
x = torch.linspace(0, 1, 50, device=device).unsqueeze(1)
y = 3 * x - 1 + 0.05 * torch.randn_like(x)
w = torch.zeros(1, 1, device=device, requires_grad=True)
b = torch.zeros(1, device=device, requires_grad=True)

# %%
for step in range(20):
    loss = ((x @ w + b - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.5 * w.grad
        b -= 0.5 * b.grad
        w.grad.zero_()
        b.grad.zero_()

# %%
if __name__ == "__main__":
    print("w =", np.round(w.cpu().numpy(), 3), "b =", b.item())  # error: GL110
