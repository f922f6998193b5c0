"""A notebook-style loss history for a plot, appending `loss.item()`."""
import torch
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

X = torch.linspace(-1, 1, 32, device=device).unsqueeze(1)
Y = torch.sin(3 * X)
model = torch.nn.Sequential(torch.nn.Linear(1, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_history = []

if __name__ == "__main__":
    for epoch in range(5):
        optimizer.zero_grad()
        loss = F.mse_loss(model(X), Y)
        loss.backward()
        optimizer.step()
        loss_history.append(loss.item())
    print([round(v, 3) for v in loss_history])
