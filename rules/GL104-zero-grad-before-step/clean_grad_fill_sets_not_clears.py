"""A test of a wrapped optimizer's overflow check (accelerate's `test_optimizer.py`):
between backward and step it overwrites the gradients with `p.grad.fill_(0.01)`, then
poisons one with NaN. `fill_(0.01)` sets gradients, it does not clear them: the step
sees 0.01 everywhere. `SkipOnOverflowOptimizer` is a small stand-in for accelerate's
`AcceleratedOptimizer` under fp16 (a step with non-finite gradients is skipped)."""
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SkipOnOverflowOptimizer:
    def __init__(self, optimizer: torch.optim.Optimizer) -> None:
        self.optimizer = optimizer
        self.step_was_skipped = False

    def step(self) -> None:
        grads = [p.grad for group in self.optimizer.param_groups for p in group["params"] if p.grad is not None]
        self.step_was_skipped = not all(bool(torch.isfinite(g).all()) for g in grads)
        if not self.step_was_skipped:
            self.optimizer.step()


def test_optimizer_step_was_skipped() -> None:
    model = torch.nn.Linear(5, 5).to(device)
    optimizer = SkipOnOverflowOptimizer(torch.optim.SGD(model.parameters(), 0.1))

    loss = model(torch.randn(2, 5, device=device)).sum()
    loss.backward()
    for p in model.parameters():
        # Fake the gradients, as if there's no overflow
        p.grad.fill_(0.01)
    optimizer.step()
    assert optimizer.step_was_skipped is False

    loss = model(torch.randn(2, 5, device=device)).sum()
    loss.backward()
    for p in model.parameters():
        p.grad.fill_(0.01)
    # Manually set the gradients to be NaN, as if there's an overflow
    p.grad[0] = torch.tensor(float("nan"))
    optimizer.step()
    assert optimizer.step_was_skipped is True


if __name__ == "__main__":
    test_optimizer_step_was_skipped()
