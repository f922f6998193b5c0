"""BERT's `_init_weights`, applied with `self.apply`: dispatches on Linear / Embedding /
LayerNorm and writes every parameter through `.data`, which autograd does not track."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class BertLayer(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.attention = nn.MultiheadAttention(hidden, heads, batch_first=True)
        self.attention_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate = nn.Linear(hidden, hidden * 2)
        self.output = nn.Linear(hidden * 2, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.attention_norm(x + self.attention(x, x, x, need_weights=False)[0])
        return self.output_norm(x + self.output(nn.functional.gelu(self.intermediate(x))))


class BertModel(nn.Module):
    def __init__(self, vocab: int = 40, hidden: int = 8, layers: int = 2, heads: int = 2, pad_token_id: int = 0, initializer_range: float = 0.02) -> None:
        super().__init__()
        self.initializer_range = initializer_range
        self.word_embeddings = nn.Embedding(vocab, hidden, padding_idx=pad_token_id)
        self.layer = nn.ModuleList([BertLayer(hidden, heads) for _ in range(layers)])
        self.pooler = nn.Linear(hidden, hidden)
        self.apply(self._init_weights)

    def _init_weights(self, module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            module.weight.data.normal_(mean=0.0, std=self.initializer_range)
            if module.bias is not None:
                module.bias.data.zero_()
        elif isinstance(module, nn.Embedding):
            module.weight.data.normal_(mean=0.0, std=self.initializer_range)
            if module.padding_idx is not None:
                module.weight.data[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            module.bias.data.zero_()
            module.weight.data.fill_(1.0)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        x = self.word_embeddings(input_ids)
        for layer in self.layer:
            x = layer(x)
        return torch.tanh(self.pooler(x[:, 0]))


if __name__ == "__main__":
    bert = BertModel().to(device)
    bert(torch.randint(1, 40, (2, 5), device=device)).sum().backward()
