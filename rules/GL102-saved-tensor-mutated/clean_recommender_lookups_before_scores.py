"""The two-tower recommender with a `max_norm` item embedding, doing every lookup (positives
and sampled negatives) before `user @ self.items.weight.t()` saves the table."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class TwoTower(nn.Module):
    def __init__(self, num_users: int = 10, num_items: int = 30, dim: int = 8) -> None:
        super().__init__()
        self.users = nn.Embedding(num_users, dim)
        self.items = nn.Embedding(num_items, dim, max_norm=1.0)
        self.user_mlp = nn.Sequential(nn.Linear(dim, dim), nn.ReLU(), nn.Linear(dim, dim))

    def loss(self, user_ids: torch.Tensor, pos_ids: torch.Tensor, neg_ids: torch.Tensor) -> torch.Tensor:
        user = self.user_mlp(self.users(user_ids))
        pos = self.items(pos_ids)
        neg = self.items(neg_ids)
        scores = user @ self.items.weight.t()
        softmax_loss = F.cross_entropy(scores, pos_ids)
        bpr = -F.logsigmoid((user * pos).sum(-1, keepdim=True) - torch.einsum("bd,bkd->bk", user, neg)).mean()
        return softmax_loss + bpr


if __name__ == "__main__":
    model = TwoTower().to(device)
    opt = torch.optim.Adagrad(model.parameters(), lr=0.05)
    for _ in range(2):
        users = torch.randint(0, 10, (4,), device=device)
        pos = torch.randint(0, 30, (4,), device=device)
        neg = torch.randint(0, 30, (4, 3), device=device)
        opt.zero_grad()
        model.loss(users, pos, neg).backward()
        opt.step()
