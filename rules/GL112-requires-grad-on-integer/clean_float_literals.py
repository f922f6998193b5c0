"""The autograd introduction written with float literals, so the tensor is float32."""
# %%
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %%
x = torch.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
y = (x**2).sum()

# %%
if __name__ == "__main__":
    y.backward()
    print(x.grad)
