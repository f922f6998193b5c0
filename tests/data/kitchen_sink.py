# Every statement and expression form, for the walker-coverage test. Not run.
from __future__ import annotations

import os.path as osp
import torch
from torch import nn as _nn, no_grad
from . import sibling
from .pkg import *  # noqa


@torch.no_grad()
@staticmethod
def decorated(a, /, b: int = 1, *args, c, d=2, **kwargs) -> "int":
    global counter
    nonlocal_value = lambda x, *y, z=3, **w: (x, y, z, w)
    del nonlocal_value
    return a + b


class Model(_nn.Module, metaclass=type):
    weight: torch.Tensor
    scale = 2.0

    def __init__(self):
        super().__init__()
        self.w = _nn.Parameter(torch.ones(2))

    async def run(self, xs):
        async with self.lock as lock, open("f") as (f):
            async for x in xs:
                await x
        return [y async for y in xs if y]


def flow(n):
    x: int
    y: list[int] = [1, *range(3)]
    z = {"a": 1, **{}}
    s = {1, 2}
    t = (1,)
    if (w := n) > 1 and not n or n is None:
        pass
    elif n in y:
        x = 1
    else:
        x = 2
    while n:
        n -= 1
        if n == 3:
            continue
        break
    else:
        pass
    for i, (j, k) in enumerate([(1, 2)]):
        x += i
    else:
        pass
    try:
        raise ValueError("x") from None
    except (ValueError, TypeError) as exc:
        x = exc
    except Exception:
        pass
    else:
        x = 3
    finally:
        x = 4
    try:
        pass
    except* OSError as group:
        pass
    with torch.no_grad(), open("f") as g:
        assert x, "msg"
    match n:
        case [1, *rest]:
            pass
        case {"k": v, **others}:
            pass
        case Model(weight=q) | None:
            pass
        case str() as text if text:
            pass
        case _:
            pass
    f"{x!r:>{n}} {y[1:2:1]} {z['a']}"
    print(*y, **z, sep="")
    a = b = c = x if n else -y[0] ** 2 @ t @ t // 1 % 2 << 1 >> 1 & 1 | 1 ^ ~1
    a[1:2, ..., None] = {k: v for k, v in z.items()}
    gen = (i for i in y for j in y if i if j)
    return {i for i in s}, [i for i in s], gen, b"bytes" b"more", 1j, 1.5, osp


type Alias = list[int]
