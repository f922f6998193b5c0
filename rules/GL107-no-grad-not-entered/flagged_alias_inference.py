"""A serving function with `import torch as T`: the inference guard is built and dropped."""
import torch as T
from torch import nn

device = T.device("cuda" if T.cuda.is_available() else "cpu")


def load_model() -> nn.Module:
    model = nn.Sequential(nn.Linear(6, 6), nn.Tanh(), nn.Linear(6, 2))
    return model.to(device).eval()


def predict(model: nn.Module, rows: T.Tensor) -> T.Tensor:
    T.inference_mode()  # error: GL107
    scores = model(rows.to(device))
    return scores.softmax(dim=-1)


if __name__ == "__main__":
    out = predict(load_model(), T.randn(3, 6))
    print(out.shape, out.requires_grad)
