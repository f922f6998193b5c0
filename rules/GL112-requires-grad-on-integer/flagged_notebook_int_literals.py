"""A notebook turned script that introduces autograd with integer literals."""
# %% [markdown]
# ## Autograd in three lines
# y = sum(x ** 2), so dy/dx = 2x.

# %%
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
x = torch.tensor([1, 2, 3], device=device, requires_grad=True)  # error: GL112
y = (x**2).sum()

# %%
if __name__ == "__main__":
    y.backward()
    print(x.grad)
