"""d2l's MXNet trainer (`d2l/mxnet.py`): `with autograd.record():`, `loss.backward()`,
`self.optim.step(1)`, and no zero_grad. The file never imports torch: in MXNet Gluon,
`backward()` overwrites the gradients (grad_req="write"), nothing accumulates. Plain
Python stand-ins play `mxnet.autograd` and `gluon.Trainer` so that it runs."""
import contextlib
import random


class autograd:  # noqa: N801 - plays the `mxnet.autograd` module
    recording = False

    @staticmethod
    @contextlib.contextmanager
    def record():
        autograd.recording = True
        try:
            yield
        finally:
            autograd.recording = False


class Parameter:
    def __init__(self, value: float) -> None:
        self.value = value
        self.grad = 0.0  # grad_req="write": each backward overwrites it


class Loss:
    """A recorded scalar loss l = mean((w * x + b - y) ** 2) over a batch."""

    def __init__(self, w: Parameter, b: Parameter, batch) -> None:
        assert autograd.recording, "forward must run under autograd.record()"
        self.w, self.b, self.batch = w, b, batch

    def backward(self) -> None:
        n = len(self.batch)
        self.w.grad = sum(2 * (self.w.value * x + self.b.value - y) * x for x, y in self.batch) / n
        self.b.grad = sum(2 * (self.w.value * x + self.b.value - y) for x, y in self.batch) / n


class Trainer:
    """Plays gluon.Trainer(params, 'sgd', {'learning_rate': lr})."""

    def __init__(self, params, lr: float) -> None:
        self.params, self.lr = list(params), lr

    def step(self, batch_size: int) -> None:
        for p in self.params:
            p.value -= self.lr * p.grad / batch_size


class LinearRegression:
    def __init__(self, lr: float) -> None:
        self.w, self.b = Parameter(0.0), Parameter(0.0)
        self.lr = lr

    def training_step(self, batch) -> Loss:
        return Loss(self.w, self.b, batch)

    def configure_optimizers(self) -> Trainer:
        return Trainer([self.w, self.b], self.lr)


class D2LTrainer:
    def __init__(self, max_epochs: int) -> None:
        self.max_epochs = max_epochs

    def fit(self, model: LinearRegression, train_dataloader) -> None:
        self.model, self.train_dataloader = model, train_dataloader
        self.optim = model.configure_optimizers()
        for self.epoch in range(self.max_epochs):
            self.fit_epoch()

    def fit_epoch(self) -> None:
        for batch in self.train_dataloader:
            with autograd.record():
                loss = self.model.training_step(batch)
            loss.backward()
            self.optim.step(1)


if __name__ == "__main__":
    rng = random.Random(0)
    data = [[(x, 2 * x + 1) for x in (rng.uniform(-1, 1) for _ in range(4))] for _ in range(5)]
    model = LinearRegression(lr=0.1)
    D2LTrainer(max_epochs=3).fit(model, data)
    print(round(model.w.value, 2), round(model.b.value, 2))
