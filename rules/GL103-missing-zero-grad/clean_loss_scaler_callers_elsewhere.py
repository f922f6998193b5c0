"""timm's `NativeScaler`: a loss scaler whose `__call__` runs the scaled backward and,
when asked, the step. Nothing in this class zeroes, and nothing needs to: its callers
(timm's `train.py`, another file) zero the gradients around each call. The
`__main__` block plays that other file: it gets the scaler as an argument."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def dispatch_clip_grad(parameters, value: float, mode: str = "norm") -> None:
    if mode == "norm":
        torch.nn.utils.clip_grad_norm_(parameters, max_norm=value)
    elif mode == "value":
        torch.nn.utils.clip_grad_value_(parameters, value)
    else:
        raise ValueError(f"Unknown clip mode ({mode}).")


class NativeScaler:
    state_dict_key = "amp_scaler"

    def __init__(self, device: str = "cuda") -> None:
        self._scaler = torch.amp.GradScaler(device=device)

    def __call__(
        self,
        loss,
        optimizer,
        clip_grad=None,
        clip_mode="norm",
        parameters=None,
        create_graph=False,
        need_update=True,
    ):
        self._scaler.scale(loss).backward(create_graph=create_graph)
        if need_update:
            if clip_grad is not None:
                assert parameters is not None
                self._scaler.unscale_(optimizer)
                dispatch_clip_grad(parameters, clip_grad, mode=clip_mode)
            self._scaler.step(optimizer)
            self._scaler.update()

    def state_dict(self):
        return self._scaler.state_dict()

    def load_state_dict(self, state_dict) -> None:
        self._scaler.load_state_dict(state_dict)


if __name__ == "__main__":

    def train_one_epoch(model, loader, optimizer, loss_fn, loss_scaler, clip_grad=None) -> None:
        model.train()
        for input, target in loader:
            with torch.autocast(device.type, dtype=torch.bfloat16):
                loss = loss_fn(model(input.to(device)).float(), target.to(device))
            optimizer.zero_grad()
            loss_scaler(loss, optimizer, clip_grad=clip_grad, parameters=model.parameters())

    net = nn.Sequential(nn.Linear(6, 12), nn.GELU(), nn.Linear(12, 2)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    data = [(torch.randn(4, 6), torch.randint(0, 2, (4,))) for _ in range(3)]
    train_one_epoch(net, data, opt, nn.CrossEntropyLoss(), NativeScaler(device.type), clip_grad=1.0)
