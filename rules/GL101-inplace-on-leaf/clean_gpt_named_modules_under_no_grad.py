"""Magnitude pruning of a GPT's projections: a `named_modules()` loop that picks layers with
`type(m) is nn.Linear` and masks their weights in place, all inside `with torch.no_grad():`."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Block(nn.Module):
    def __init__(self, n_embd: int) -> None:
        super().__init__()
        self.ln = nn.LayerNorm(n_embd)
        self.c_fc = nn.Linear(n_embd, 4 * n_embd)
        self.c_proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.c_proj(nn.functional.gelu(self.c_fc(self.ln(x))))


class GPT(nn.Module):
    def __init__(self, vocab_size: int = 32, n_layer: int = 2, n_embd: int = 16) -> None:
        super().__init__()
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.h = nn.ModuleList([Block(n_embd) for _ in range(n_layer)])
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        x = self.wte(idx)
        for block in self.h:
            x = block(x)
        return self.lm_head(x)


def prune_projections(model: GPT, amount: float = 0.5) -> None:
    with torch.no_grad():
        for name, m in model.named_modules():
            if type(m) is nn.Linear and name.endswith("c_proj"):
                threshold = m.weight.abs().flatten().kthvalue(int(amount * m.weight.numel())).values
                m.weight.mul_(m.weight.abs() > threshold)


if __name__ == "__main__":
    gpt = GPT().to(device)
    prune_projections(gpt)
    idx = torch.randint(0, 32, (2, 6), device=device)
    nn.functional.cross_entropy(gpt(idx).flatten(0, 1), idx.flatten()).backward()
