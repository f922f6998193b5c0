"""An adapter wrapper in the style of PEFT's AdaLoRA: its forward sums an orthogonality
penalty over the adapter matrices (`regu_loss += torch.norm(...)` in a loop over
`named_parameters()`), then adds it into the wrapped model's `outputs.loss`, which the
trainer backpropagates. The running sum is part of the objective, not a log."""
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class Output:
    logits: torch.Tensor
    loss: torch.Tensor | None = None


class LowRankLinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int = 2) -> None:
        super().__init__()
        self.base = base
        self.lora_A = nn.Parameter(torch.randn(r, base.in_features) * 0.1)
        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
        for p in self.base.parameters():
            p.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + x @ self.lora_A.T @ self.lora_B.T


class Classifier(nn.Module):
    def __init__(self, d_in: int = 8, hidden: int = 16, classes: int = 3) -> None:
        super().__init__()
        self.fc1 = LowRankLinear(nn.Linear(d_in, hidden))
        self.fc2 = LowRankLinear(nn.Linear(hidden, classes))

    def forward(self, x: torch.Tensor, labels: torch.Tensor | None = None) -> Output:
        logits = self.fc2(F.gelu(self.fc1(x)))
        loss = F.cross_entropy(logits, labels) if labels is not None else None
        return Output(logits, loss)


class OrthogonalAdapterModel(nn.Module):
    def __init__(self, model: nn.Module, orth_reg_weight: float = 0.5) -> None:
        super().__init__()
        self.model = model
        self.orth_reg_weight = orth_reg_weight

    def forward(self, *args, **kwargs) -> Output:
        outputs = self.model(*args, **kwargs)
        if outputs.loss is not None:
            regu_loss = 0
            num_param = 0
            for n, p in self.model.named_parameters():
                if "lora_A" in n or "lora_B" in n:
                    para_cov = p @ p.T if "lora_A" in n else p.T @ p
                    eye = torch.eye(*para_cov.size(), device=para_cov.device)
                    num_param += 1
                    regu_loss += torch.norm(para_cov - eye, p="fro")
            regu_loss = regu_loss / max(num_param, 1)
            outputs.loss += self.orth_reg_weight * regu_loss
        return outputs


def train(model: OrthogonalAdapterModel, loader) -> None:
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    for x, y in loader:
        optimizer.zero_grad()
        outputs = model(x.to(device), labels=y.to(device))
        outputs.loss.backward()
        optimizer.step()


if __name__ == "__main__":
    batches = [(torch.randn(4, 8), torch.randint(0, 3, (4,))) for _ in range(4)]
    train(OrthogonalAdapterModel(Classifier()).to(device), batches)
