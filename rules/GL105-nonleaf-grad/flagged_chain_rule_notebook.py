"""A notebook cell turned script that demonstrates the chain rule and prints the
gradient of an intermediate: `b` is a non-leaf, so torch warns and prints None."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %% build a tiny graph
a = torch.tensor(2.0, device=device, requires_grad=True)
b = a * 3
c = b**2

# %% backpropagate and inspect
if __name__ == "__main__":
    c.backward()
    print("dc/da =", a.grad)
    print("dc/db =", b.grad)  # error: GL105
