"""A notebook turned script that records the loss of every epoch for a plot, appending
the loss tensor itself."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# %% data and parameters
X = torch.linspace(-1, 1, 32, device=device).unsqueeze(1)
Y = 3 * X**2 - X + 0.1 * torch.randn_like(X)
model = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_history = []

# %% training
if __name__ == "__main__":
    for epoch in range(5):
        optimizer.zero_grad()
        loss = F.mse_loss(model(X), Y)
        loss.backward()
        optimizer.step()
        loss_history.append(loss)  # error: GL109

    # %% plot (values printed here instead of matplotlib)
    print([round(v.item(), 3) for v in loss_history])
