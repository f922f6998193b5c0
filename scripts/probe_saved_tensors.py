"""Learn from torch, by execution, which tensors each op saves for backward.

    python scripts/probe_saved_tensors.py            # write gradlint/data/saved_tensors.json
    python scripts/probe_saved_tensors.py --check    # exit 1, naming the ops that differ

For every op and every pattern of which of its float operands require grad, the op is
run on tiny inputs; then each operand, and the result, is bumped in place (its version
counter, not its values) and backward is called: if backward fails with "modified by
an inplace operation", the op saved that tensor. This is exactly the error GL102 warns
about, asked of torch directly.

Operands are named by letter in the forms: ``a``, ``b``, ``c`` are float tensors,
``i`` an integer index tensor, ``m`` a boolean mask, ``_`` a non-tensor argument
(a number, a dim). A pattern key lists the float operands that require grad ("a",
"a,b"); its value lists what is saved ("a", "b", "i", "m", "result").
"""

from __future__ import annotations

import inspect
import sys
import time
import warnings
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _datafile import write_or_check  # noqa: E402

OUTPUT = Path(__file__).resolve().parent.parent / "gradlint" / "data" / "saved_tensors.json"

# key: (forms, builder, input overrides). The builder's parameter names are the operands.
Spec = tuple


def specs(torch) -> dict[str, Spec]:
    F = torch.nn.functional

    def pos() -> object:  # log, sqrt, pow need positives
        return torch.rand(3, 3) + 0.5

    def unit() -> object:  # asin, logit need (0, 1)
        return torch.rand(3, 3) * 0.8 + 0.1

    def big() -> object:  # acosh needs > 1
        return torch.rand(3, 3) + 1.5

    sq = lambda: torch.rand(3, 3) + torch.eye(3) * 3  # noqa: E731  - well-conditioned matrices
    spd = lambda: (lambda q: q @ q.t() + torch.eye(3))(torch.rand(3, 3))  # noqa: E731
    s: dict[str, Spec] = {}

    def op(key: str, forms: str, fn: Callable, **inputs) -> None:
        s[key] = (tuple(f.strip() for f in forms.split(";") if f.strip()), fn, inputs)

    # Python operators
    op("add", "a + b; torch.add(a, b); a.add(b)", lambda a, b: a + b)
    op("add_scalar", "a + _; _ + a; torch.add(a, _); a.add(_)", lambda a: a + 2.0)
    op("sub", "a - b; torch.sub(a, b); a.sub(b)", lambda a, b: a - b)
    op("sub_scalar", "a - _; _ - a; torch.sub(a, _); a.sub(_)", lambda a: a - 2.0)
    op("mul", "a * b; torch.mul(a, b); a.mul(b)", lambda a, b: a * b)
    op("mul_scalar", "a * _; _ * a; torch.mul(a, _); a.mul(_)", lambda a: a * 2.0)
    op("div", "a / b; torch.div(a, b); a.div(b)", lambda a, b: a / b, b=pos)
    op("div_scalar", "a / _; torch.div(a, _); a.div(_)", lambda a: a / 2.0)
    op("rdiv_scalar", "_ / a", lambda a: 2.0 / a, a=pos)
    op("pow", "a ** b; torch.pow(a, b); a.pow(b)", lambda a, b: a**b, a=pos)
    op("pow_scalar", "a ** _; torch.pow(a, _); a.pow(_)", lambda a: a**2, a=pos)
    op("rpow_scalar", "_ ** a; torch.pow(_, a)", lambda a: 2.0**a)
    op("matmul", "a @ b; torch.matmul(a, b); a.matmul(b)", lambda a, b: a @ b)
    op("neg", "-a; torch.neg(a); a.neg()", lambda a: -a)
    op("remainder", "a % _; torch.remainder(a, _); a.remainder(_)", lambda a: a % 0.7)
    # elementwise, one operand
    for name in (
        "exp exp2 expm1 sigmoid tanh sin cos tan sinh cosh atan asinh erf erfc abs sign "
        "relu floor ceil round trunc frac square reciprocal sinc"
    ).split():
        op(name, f"torch.{name}(a); a.{name}()", (lambda n: lambda a: getattr(torch, n)(a))(name), a=pos)
    for name in "log log2 log10 log1p sqrt rsqrt lgamma digamma".split():
        op(name, f"torch.{name}(a); a.{name}()", (lambda n: lambda a: getattr(torch, n)(a))(name), a=pos)
    for name in "asin acos erfinv logit atanh".split():
        op(name, f"torch.{name}(a); a.{name}()", (lambda n: lambda a: getattr(torch, n)(a))(name), a=unit)
    op("acosh", "torch.acosh(a); a.acosh()", lambda a: torch.acosh(a), a=big)
    op(
        "clamp",
        "torch.clamp(a, _, _); a.clamp(_, _); torch.clip(a, _, _); a.clip(_, _)",
        lambda a: a.clamp(0.6, 1.2),
        a=pos,
    )
    op(
        "clamp_min",
        "torch.clamp_min(a, _); a.clamp_min(_); torch.clamp(a, min=_); a.clamp(min=_)",
        lambda a: a.clamp_min(0.9),
        a=pos,
    )
    op("clamp_tensor", "torch.clamp(a, b, c); a.clamp(b, c)", lambda a, b, c: torch.clamp(a, b, c + 1))
    op("where", "torch.where(m, a, b); a.where(m, b)", lambda m, a, b: torch.where(m, a, b))
    op(
        "maximum",
        "torch.maximum(a, b); a.maximum(b); torch.max(a, b); a.max(b)",
        lambda a, b: torch.maximum(a, b),
    )
    op(
        "minimum",
        "torch.minimum(a, b); a.minimum(b); torch.min(a, b); a.min(b)",
        lambda a, b: torch.minimum(a, b),
    )
    op("atan2", "torch.atan2(a, b); a.atan2(b)", lambda a, b: torch.atan2(a, b))
    op("hypot", "torch.hypot(a, b); a.hypot(b)", lambda a, b: torch.hypot(a, b))
    op("fmod", "torch.fmod(a, _); a.fmod(_)", lambda a: torch.fmod(a, 0.7))
    op("lerp", "torch.lerp(a, b, _); a.lerp(b, _)", lambda a, b: torch.lerp(a, b, 0.3))
    op("addcmul", "torch.addcmul(a, b, c); a.addcmul(b, c)", lambda a, b, c: torch.addcmul(a, b, c))
    op("addcdiv", "torch.addcdiv(a, b, c); a.addcdiv(b, c)", lambda a, b, c: torch.addcdiv(a, b, c), c=pos)
    op("xlogy", "torch.xlogy(a, b); a.xlogy(b)", lambda a, b: torch.xlogy(a, b), b=pos)
    op("logaddexp", "torch.logaddexp(a, b); a.logaddexp(b)", lambda a, b: torch.logaddexp(a, b))
    op("masked_fill", "torch.masked_fill(a, m, _); a.masked_fill(m, _)", lambda a, m: a.masked_fill(m, 0.0))
    op("nan_to_num", "torch.nan_to_num(a); a.nan_to_num()", lambda a: torch.nan_to_num(a))
    op("copysign", "torch.copysign(a, b); a.copysign(b)", lambda a, b: torch.copysign(a, b))
    # reductions
    op("sum", "torch.sum(a); a.sum(); a.sum(_); torch.sum(a, _)", lambda a: a.sum())
    op("mean", "torch.mean(a); a.mean(); a.mean(_); torch.mean(a, _)", lambda a: a.mean())
    op("prod", "torch.prod(a); a.prod()", lambda a: a.prod())
    op("prod_dim", "torch.prod(a, _); a.prod(_)", lambda a: a.prod(1))
    op("max", "torch.max(a); a.max()", lambda a: a.max())
    op("max_dim", "torch.max(a, _); a.max(_)", lambda a: a.max(1)[0])
    op("min", "torch.min(a); a.min()", lambda a: a.min())
    op("min_dim", "torch.min(a, _); a.min(_)", lambda a: a.min(1)[0])
    op("amax", "torch.amax(a, _); a.amax(_)", lambda a: a.amax(1))
    op("amin", "torch.amin(a, _); a.amin(_)", lambda a: a.amin(1))
    op(
        "norm",
        "torch.norm(a); a.norm(); a.norm(_); torch.linalg.norm(a); torch.linalg.vector_norm(a)",
        lambda a: a.norm(),
    )
    op("logsumexp", "torch.logsumexp(a, _); a.logsumexp(_)", lambda a: torch.logsumexp(a, 1))
    op("var", "torch.var(a); a.var(); a.var(_)", lambda a: a.var())
    op("std", "torch.std(a); a.std(); a.std(_)", lambda a: a.std())
    op("cumsum", "torch.cumsum(a, _); a.cumsum(_)", lambda a: a.cumsum(0))
    op("cumprod", "torch.cumprod(a, _); a.cumprod(_)", lambda a: a.cumprod(0))
    op("softmax", "torch.softmax(a, _); a.softmax(_); F.softmax(a, _)", lambda a: a.softmax(1))
    op(
        "log_softmax",
        "torch.log_softmax(a, _); a.log_softmax(_); F.log_softmax(a, _)",
        lambda a: a.log_softmax(1),
    )
    op("median", "torch.median(a); a.median()", lambda a: a.median())
    op("topk", "torch.topk(a, _); a.topk(_)", lambda a: a.topk(2)[0])
    op("sort", "torch.sort(a); a.sort()", lambda a: a.sort()[0])
    op("dist", "torch.dist(a, b); a.dist(b)", lambda a, b: torch.dist(a, b))
    op("trace", "torch.trace(a); a.trace()", lambda a: torch.trace(a))
    # linear algebra
    op("mm", "torch.mm(a, b); a.mm(b)", lambda a, b: a.mm(b))
    op(
        "bmm",
        "torch.bmm(a, b); a.bmm(b)",
        lambda a, b: a.bmm(b),
        a=lambda: torch.rand(2, 3, 3),
        b=lambda: torch.rand(2, 3, 3),
    )
    op("mv", "torch.mv(a, b); a.mv(b)", lambda a, b: a.mv(b), b=lambda: torch.rand(3))
    op(
        "dot",
        "torch.dot(a, b); a.dot(b)",
        lambda a, b: a.dot(b),
        a=lambda: torch.rand(3),
        b=lambda: torch.rand(3),
    )
    op(
        "outer",
        "torch.outer(a, b); a.outer(b)",
        lambda a, b: torch.outer(a, b),
        a=lambda: torch.rand(3),
        b=lambda: torch.rand(3),
    )
    op("addmm", "torch.addmm(a, b, c); a.addmm(b, c)", lambda a, b, c: torch.addmm(a, b, c))
    op(
        "baddbmm",
        "torch.baddbmm(a, b, c); a.baddbmm(b, c)",
        lambda a, b, c: torch.baddbmm(a, b, c),
        a=lambda: torch.rand(2, 3, 3),
        b=lambda: torch.rand(2, 3, 3),
        c=lambda: torch.rand(2, 3, 3),
    )
    op("einsum", "torch.einsum(_, a, b)", lambda a, b: torch.einsum("ij,jk->ik", a, b))
    op("tensordot", "torch.tensordot(a, b)", lambda a, b: torch.tensordot(a, b))
    op("kron", "torch.kron(a, b); a.kron(b)", lambda a, b: torch.kron(a, b))
    op(
        "cross",
        "torch.cross(a, b); a.cross(b); torch.linalg.cross(a, b)",
        lambda a, b: torch.linalg.cross(a, b),
    )
    op("inverse", "torch.inverse(a); a.inverse(); torch.linalg.inv(a)", lambda a: torch.linalg.inv(a), a=sq)
    op("det", "torch.det(a); a.det(); torch.linalg.det(a)", lambda a: torch.linalg.det(a), a=sq)
    op("slogdet", "torch.linalg.slogdet(a); torch.slogdet(a)", lambda a: torch.linalg.slogdet(a)[1], a=sq)
    op("solve", "torch.linalg.solve(a, b)", lambda a, b: torch.linalg.solve(a, b), a=sq)
    op(
        "cholesky",
        "torch.linalg.cholesky(a); torch.cholesky(a); a.cholesky()",
        lambda a: torch.linalg.cholesky(a),
        a=spd,
    )
    op("eigh", "torch.linalg.eigh(a)", lambda a: torch.linalg.eigh(a)[0], a=spd)
    op("qr", "torch.linalg.qr(a)", lambda a: torch.linalg.qr(a)[0], a=sq)
    op("svd", "torch.linalg.svd(a); torch.svd(a)", lambda a: torch.linalg.svd(a)[1], a=sq)
    op("matrix_norm", "torch.linalg.matrix_norm(a)", lambda a: torch.linalg.matrix_norm(a))
    op("pinv", "torch.linalg.pinv(a); torch.pinverse(a); a.pinverse()", lambda a: torch.linalg.pinv(a), a=sq)
    op("matrix_exp", "torch.linalg.matrix_exp(a); torch.matrix_exp(a)", lambda a: torch.linalg.matrix_exp(a))
    op("cdist", "torch.cdist(a, b)", lambda a, b: torch.cdist(a, b))
    # shape and indexing
    op("view", "a.view(_); a.view_as(b)", lambda a: a.view(9))
    op("reshape", "torch.reshape(a, _); a.reshape(_); a.reshape_as(b)", lambda a: a.reshape(9))
    op("flatten", "torch.flatten(a); a.flatten()", lambda a: a.flatten())
    op(
        "transpose",
        "torch.transpose(a, _, _); a.transpose(_, _); a.t(); torch.t(a); a.T; a.mT",
        lambda a: a.transpose(0, 1),
    )
    op("permute", "torch.permute(a, _); a.permute(_)", lambda a: a.permute(1, 0))
    op("expand", "a.expand(_); a.expand_as(b)", lambda a: a.expand(2, 3, 3))
    op("squeeze", "torch.squeeze(a); a.squeeze()", lambda a: a.squeeze())
    op("unsqueeze", "torch.unsqueeze(a, _); a.unsqueeze(_)", lambda a: a.unsqueeze(0))
    op(
        "cat",
        "torch.cat([a, b]); torch.concat([a, b]); torch.concatenate([a, b])",
        lambda a, b: torch.cat([a, b]),
    )
    op("stack", "torch.stack([a, b])", lambda a, b: torch.stack([a, b]))
    op("index_select", "torch.index_select(a, _, i); a.index_select(_, i)", lambda a, i: a.index_select(0, i))
    op(
        "gather",
        "torch.gather(a, _, i); a.gather(_, i)",
        lambda a, i: a.gather(1, i),
        i=lambda: torch.tensor([[0, 1], [1, 2], [2, 0]]),
    )
    op("take", "torch.take(a, i); a.take(i)", lambda a, i: torch.take(a, i))
    op("getitem_basic", "a[_]", lambda a: a[0])
    op("getitem_index", "a[i]", lambda a, i: a[i])
    op("getitem_mask", "a[m]", lambda a, m: a[m])
    op("masked_select", "torch.masked_select(a, m); a.masked_select(m)", lambda a, m: a.masked_select(m))
    op("narrow", "torch.narrow(a, _, _, _); a.narrow(_, _, _)", lambda a: a.narrow(0, 0, 2))
    op("split", "torch.split(a, _); a.split(_)", lambda a: a.split(1)[0])
    op("chunk", "torch.chunk(a, _); a.chunk(_)", lambda a: a.chunk(3)[0])
    op("unbind", "torch.unbind(a); a.unbind()", lambda a: a.unbind()[0])
    op("repeat", "a.repeat(_)", lambda a: a.repeat(2, 1))
    op("tile", "torch.tile(a, _); a.tile(_)", lambda a: torch.tile(a, (2, 1)))
    op("flip", "torch.flip(a, _); a.flip(_)", lambda a: a.flip(0))
    op("roll", "torch.roll(a, _); a.roll(_)", lambda a: a.roll(1))
    op("diagonal", "torch.diagonal(a); a.diagonal(); torch.diag(a); a.diag()", lambda a: a.diagonal())
    op("tril", "torch.tril(a); a.tril()", lambda a: a.tril())
    op("triu", "torch.triu(a); a.triu()", lambda a: a.triu())
    op(
        "scatter",
        "torch.scatter(a, _, i, b); a.scatter(_, i, b)",
        lambda a, i, b: a.scatter(1, i, b),
        i=lambda: torch.tensor([[0, 1, 2]] * 3),
    )
    op(
        "scatter_add",
        "torch.scatter_add(a, _, i, b); a.scatter_add(_, i, b)",
        lambda a, i, b: a.scatter_add(1, i, b),
        i=lambda: torch.tensor([[0, 1, 2]] * 3),
    )
    op("index_add", "torch.index_add(a, _, i, b); a.index_add(_, i, b)", lambda a, i, b: a.index_add(0, i, b))
    op("movedim", "torch.movedim(a, _, _); a.movedim(_, _)", lambda a: a.movedim(0, 1))
    op("clone", "torch.clone(a); a.clone()", lambda a: a.clone())
    op("contiguous", "a.contiguous()", lambda a: a.t().contiguous())
    op("to_dtype", "a.double(); a.to(_)", lambda a: a.double())
    op("float", "a.float(); a.half(); a.bfloat16()", lambda a: a.double().float())
    op("broadcast_to", "torch.broadcast_to(a, _); a.broadcast_to(_)", lambda a: a.broadcast_to((2, 3, 3)))
    op("unfold", "a.unfold(_, _, _)", lambda a: a.unfold(0, 2, 1))
    # torch.nn.functional
    op("linear", "F.linear(a, b); F.linear(a, b, c)", lambda a, b, c: F.linear(a, b, c[0]))
    op("bilinear", "F.bilinear(a, b, c)", lambda a, b, c: F.bilinear(a, b, c.unsqueeze(0)))
    op(
        "conv1d",
        "F.conv1d(a, b)",
        lambda a, b: F.conv1d(a, b),
        a=lambda: torch.rand(1, 2, 6),
        b=lambda: torch.rand(3, 2, 3),
    )
    op(
        "conv2d",
        "F.conv2d(a, b); F.conv2d(a, b, c)",
        lambda a, b: F.conv2d(a, b),
        a=lambda: torch.rand(1, 2, 5, 5),
        b=lambda: torch.rand(3, 2, 3, 3),
    )
    op(
        "conv_transpose2d",
        "F.conv_transpose2d(a, b)",
        lambda a, b: F.conv_transpose2d(a, b),
        a=lambda: torch.rand(1, 2, 4, 4),
        b=lambda: torch.rand(2, 3, 3, 3),
    )
    for name in "relu gelu silu mish softplus elu selu celu leaky_relu hardswish hardsigmoid relu6 hardtanh logsigmoid softsign tanhshrink sigmoid tanh".split():
        op(f"F.{name}", f"F.{name}(a)", (lambda n: lambda a: getattr(F, n)(a))(name))
    op("F.threshold", "F.threshold(a, _, _)", lambda a: F.threshold(a, 0.5, 0.0))
    op("F.glu", "F.glu(a)", lambda a: F.glu(a, dim=0), a=lambda: torch.rand(4, 3))
    op("F.softmin", "F.softmin(a, _)", lambda a: F.softmin(a, 1))
    op("F.normalize", "F.normalize(a); F.normalize(a, _)", lambda a: F.normalize(a))
    op(
        "F.layer_norm",
        "F.layer_norm(a, _); F.layer_norm(a, _, b, c)",
        lambda a, b, c: F.layer_norm(a, (3,), b[0], c[0]),
    )
    op("F.group_norm", "F.group_norm(a, _)", lambda a: F.group_norm(a, 1), a=lambda: torch.rand(2, 2, 3))
    op("F.batch_norm", "F.batch_norm(a, _, _)", lambda a: F.batch_norm(a, None, None, training=True))
    op("F.instance_norm", "F.instance_norm(a)", lambda a: F.instance_norm(a), a=lambda: torch.rand(2, 2, 4))
    op("F.dropout", "F.dropout(a); F.dropout(a, _)", lambda a: F.dropout(a, 0.5, training=True))
    op("F.embedding", "F.embedding(i, a)", lambda i, a: F.embedding(i, a))
    op("F.cross_entropy", "F.cross_entropy(a, i)", lambda a, i: F.cross_entropy(a, i))
    op("F.nll_loss", "F.nll_loss(a, i)", lambda a, i: F.nll_loss(a, i))
    op("F.mse_loss", "F.mse_loss(a, b)", lambda a, b: F.mse_loss(a, b))
    op("F.l1_loss", "F.l1_loss(a, b)", lambda a, b: F.l1_loss(a, b))
    op("F.smooth_l1_loss", "F.smooth_l1_loss(a, b); F.huber_loss(a, b)", lambda a, b: F.smooth_l1_loss(a, b))
    op(
        "F.binary_cross_entropy",
        "F.binary_cross_entropy(a, b)",
        lambda a, b: F.binary_cross_entropy(a, b),
        a=unit,
        b=unit,
    )
    op(
        "F.binary_cross_entropy_with_logits",
        "F.binary_cross_entropy_with_logits(a, b)",
        lambda a, b: F.binary_cross_entropy_with_logits(a, b),
        b=unit,
    )
    op("F.kl_div", "F.kl_div(a, b)", lambda a, b: F.kl_div(a, b, reduction="batchmean"), b=unit)
    op("F.cosine_similarity", "F.cosine_similarity(a, b)", lambda a, b: F.cosine_similarity(a, b))
    op("F.pairwise_distance", "F.pairwise_distance(a, b)", lambda a, b: F.pairwise_distance(a, b))
    op("F.pad", "F.pad(a, _)", lambda a: F.pad(a, (1, 1)))
    op("F.max_pool2d", "F.max_pool2d(a, _)", lambda a: F.max_pool2d(a, 2), a=lambda: torch.rand(1, 1, 4, 4))
    op("F.avg_pool2d", "F.avg_pool2d(a, _)", lambda a: F.avg_pool2d(a, 2), a=lambda: torch.rand(1, 1, 4, 4))
    op(
        "F.adaptive_avg_pool2d",
        "F.adaptive_avg_pool2d(a, _)",
        lambda a: F.adaptive_avg_pool2d(a, 1),
        a=lambda: torch.rand(1, 2, 4, 4),
    )
    op(
        "F.interpolate",
        "F.interpolate(a, _)",
        lambda a: F.interpolate(a, scale_factor=2.0),
        a=lambda: torch.rand(1, 1, 3),
    )
    op("F.one_hot_scale", "F.embedding_bag(i, a)", lambda i, a: F.embedding_bag(i.view(1, -1), a))

    # recurrent layers and cells, as nn modules run them (`a` the input, `h` the hidden
    # state, `b` / `c` the input-hidden and hidden-hidden weights); the layers are reached
    # through their modules only, so they have no forms of their own
    def recurrent(kind: str) -> Callable:
        def run(a, b, c):
            layer = getattr(torch.nn, kind)(3, 3, bias=False)
            return torch.func.functional_call(layer, {"weight_ih_l0": b, "weight_hh_l0": c}, (a,))[0]

        return run

    def weights(gates: int) -> Callable:
        return lambda: torch.rand(3 * gates, 3) + 0.5

    for kind, gates in (("RNN", 1), ("GRU", 3), ("LSTM", 4)):
        op(f"nn.{kind}", "", recurrent(kind), b=weights(gates), c=weights(gates))
    op(
        "rnn_tanh_cell",
        "torch.rnn_tanh_cell(a, h, b, c)",
        lambda a, h, b, c: torch.rnn_tanh_cell(a, h, b, c),
    )
    op(
        "gru_cell",
        "torch.gru_cell(a, h, b, c)",
        lambda a, h, b, c: torch.gru_cell(a, h, b, c),
        b=lambda: torch.rand(9, 3) + 0.5,
        c=lambda: torch.rand(9, 3) + 0.5,
    )
    # not probed: F.scaled_dot_product_attention saves different tensors depending on the
    # kernel torch picks for the build and device, so no single answer is right
    return s


def _inputs(torch, spec: Spec, names: list[str]) -> dict:
    _, _, overrides = spec
    values = {}
    for name in names:
        if name in overrides:
            values[name] = overrides[name]()
        elif name == "i":
            values[name] = torch.tensor([0, 2, 1])
        elif name == "m":
            values[name] = torch.tensor([[True, False, True]] * 3)
        else:
            values[name] = torch.rand(3, 3) + 0.5
    return values


def _failed(torch, fn: Callable, inputs: dict, requires: set, bump: str) -> bool:
    """Run the op, bump one tensor's version, and see whether backward fails."""
    torch.manual_seed(0)
    args = {}
    for name, value in inputs.items():
        tensor = value.clone()
        if name in requires:
            tensor.requires_grad_(True)
        args[name] = tensor
    out = fn(**args)
    if isinstance(out, (tuple, list)):
        out = out[0]
    if not out.requires_grad:
        return False
    target = out if bump == "result" else args[bump]
    with torch.no_grad():
        try:
            target.copy_(target.clone())  # bumps the version counter, same values
        except RuntimeError:
            return False  # cannot be written in place at all (an expanded view)
    try:
        out.sum().backward()
    except RuntimeError as exc:
        if "modified by an inplace operation" in str(exc):
            return True
        if bump == "result" or "is a view" in str(exc):
            return False  # a view rule, not a saved tensor: another error, not GL102's
        raise
    return False


def probe_one(torch, spec: Spec) -> dict[str, list[str]]:
    _, fn, _ = spec
    names = list(inspect.signature(fn).parameters)
    floats = [n for n in names if n not in ("i", "m")]
    inputs = _inputs(torch, spec, names)
    saves: dict[str, list[str]] = {}
    for mask in range(1, 2 ** len(floats)):
        requires = {n for k, n in enumerate(floats) if mask >> k & 1}
        saved = [name for name in names + ["result"] if _failed(torch, fn, inputs, requires, name)]
        saves[",".join(n for n in floats if n in requires)] = saved
    return saves


def generate() -> dict:
    warnings.simplefilter("ignore")
    import torch

    table = {}
    for key, spec in sorted(specs(torch).items()):
        table[key] = {"forms": list(spec[0]), "saves": probe_one(torch, spec)}
    return {"torch_version": torch.__version__.split("+")[0], "ops": table}


def differences(committed: dict, fresh: dict) -> list[str]:
    found = []
    old, new = committed.get("ops", {}), fresh["ops"]
    for key in sorted(set(old) | set(new)):
        if key not in new:
            found.append(f"{key}: in the committed table but no longer probed")
        elif key not in old:
            found.append(f"{key}: probed but not in the committed table")
        elif old[key] != new[key]:
            found.append(
                f"{key}: committed {old[key]['saves']}, torch {fresh['torch_version']} says {new[key]['saves']}"
            )
    return found


def main() -> int:
    start = time.perf_counter()

    def summary(fresh: dict) -> str:
        elapsed = time.perf_counter() - start
        return f"wrote {len(fresh['ops'])} ops from torch {fresh['torch_version']} in {elapsed:.1f} s to {OUTPUT}"

    return write_or_check(__doc__.splitlines()[0], OUTPUT, generate, differences, summary)


if __name__ == "__main__":
    sys.exit(main())
