"""What gradlint knows of torch's API, as data. Nothing here imports torch.

The in-place method lists are generated from torch itself by
``scripts/generate_inplace_ops.py`` into ``gradlint/data/inplace_ops.json``; a test
compares them with the installed torch.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import cast

_DATA = Path(__file__).resolve().parent.parent / "data"

#: factory functions that take ``requires_grad=`` and always return a fresh leaf
FACTORIES = frozenset(
    "torch." + name
    for name in (
        "tensor zeros ones empty full rand randn randint arange range linspace logspace eye "
        "zeros_like ones_like empty_like full_like rand_like randn_like randint_like randperm "
        "empty_strided normal scalar_tensor sparse_coo_tensor sparse_csr_tensor "
        "hann_window hamming_window blackman_window bartlett_window kaiser_window"
    ).split()
) | {"torch.autograd.Variable"}

#: tensor methods that make a new leaf and take ``requires_grad=``
FACTORY_METHODS = frozenset({"new_tensor", "new_zeros", "new_ones", "new_empty", "new_full"})

PARAMETER = "torch.nn.Parameter"

#: ``nn`` layers whose parameters are leaves that require grad, and the keyword
#: arguments (with their position) that, when False, leave some of them out.
_WEIGHT_BIAS = ("weight", "bias")
_RNN = ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")
_CELL = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
LAYERS: dict[str, tuple[tuple[str, ...], dict[str, tuple[int, tuple[str, ...]]]]] = {
    "torch.nn.Linear": (_WEIGHT_BIAS, {"bias": (2, ("bias",))}),
    "torch.nn.Bilinear": (_WEIGHT_BIAS, {"bias": (3, ("bias",))}),
    "torch.nn.Conv1d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.Conv2d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.Conv3d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.ConvTranspose1d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.ConvTranspose2d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.ConvTranspose3d": (_WEIGHT_BIAS, {"bias": (7, ("bias",))}),
    "torch.nn.Embedding": (("weight",), {}),
    "torch.nn.EmbeddingBag": (("weight",), {}),
    "torch.nn.LayerNorm": (_WEIGHT_BIAS, {"elementwise_affine": (2, _WEIGHT_BIAS), "bias": (3, ("bias",))}),
    "torch.nn.GroupNorm": (_WEIGHT_BIAS, {"affine": (3, _WEIGHT_BIAS)}),
    "torch.nn.BatchNorm1d": (_WEIGHT_BIAS, {"affine": (3, _WEIGHT_BIAS)}),
    "torch.nn.BatchNorm2d": (_WEIGHT_BIAS, {"affine": (3, _WEIGHT_BIAS)}),
    "torch.nn.BatchNorm3d": (_WEIGHT_BIAS, {"affine": (3, _WEIGHT_BIAS)}),
    "torch.nn.PReLU": (("weight",), {}),
    "torch.nn.RMSNorm": (("weight",), {"elementwise_affine": (2, ("weight",))}),
    "torch.nn.RNN": (_RNN, {"bias": (4, ("bias_ih_l0", "bias_hh_l0"))}),
    "torch.nn.LSTM": (_RNN, {"bias": (3, ("bias_ih_l0", "bias_hh_l0"))}),
    "torch.nn.GRU": (_RNN, {"bias": (3, ("bias_ih_l0", "bias_hh_l0"))}),
    "torch.nn.RNNCell": (_CELL, {"bias": (2, ("bias_ih", "bias_hh"))}),
    "torch.nn.LSTMCell": (_CELL, {"bias": (2, ("bias_ih", "bias_hh"))}),
    "torch.nn.GRUCell": (_CELL, {"bias": (2, ("bias_ih", "bias_hh"))}),
    "torch.nn.MultiheadAttention": (("in_proj_weight", "in_proj_bias"), {"bias": (3, ("in_proj_bias",))}),
}

SEQUENTIAL = "torch.nn.Sequential"
MODULE_LIST = "torch.nn.ModuleList"
MODULE_DICT = "torch.nn.ModuleDict"
PARAMETER_LIST = "torch.nn.ParameterList"
PARAMETER_DICT = "torch.nn.ParameterDict"
#: containers: their members are modules (or parameters, for the Parameter kinds)
CONTAINERS = frozenset({SEQUENTIAL, MODULE_LIST, MODULE_DICT, PARAMETER_LIST, PARAMETER_DICT})
DICT_CONTAINERS = frozenset({MODULE_DICT, PARAMETER_DICT})
MODULE = "torch.nn.Module"

#: torch.nn's own base classes, for ``isinstance``: each names the layers derived from it
_NORM = ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm")
_INSTANCE_NORM = ("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d")
_CONV_TRANSPOSE = ("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")
_CONV = ("Conv1d", "Conv2d", "Conv3d", *_CONV_TRANSPOSE)
_BASE_CLASSES: dict[str, tuple[str, ...]] = {
    "torch.nn._BatchNorm": _NORM,
    "torch.nn._NormBase": _NORM + _INSTANCE_NORM,
    "torch.nn._InstanceNorm": _INSTANCE_NORM,
    "torch.nn._ConvNd": _CONV,
    "torch.nn._ConvTransposeNd": _CONV_TRANSPOSE,
    "torch.nn._ConvTransposeMixin": _CONV_TRANSPOSE,
    "torch.nn.RNNBase": ("RNN", "LSTM", "GRU"),
}


def layer_isinstance(layer: str, cls: str) -> bool | None:
    """Whether an ``nn`` layer of class ``layer`` is an instance of ``cls`` (both
    canonical dotted names); None when we cannot tell."""
    if cls == layer or cls == MODULE:
        return True
    derived = _BASE_CLASSES.get(cls)
    if derived is not None:
        return layer.rsplit(".", 1)[-1] in derived and layer.startswith("torch.nn.")
    if (layer, cls) in _LAYER_SUBCLASSES:
        return True
    known = LAYERS.keys() | MODULE_OPS.keys() | CONTAINERS
    if layer in known and cls in known:
        return False  # the layers we model do not derive from each other (but ReLU6)
    return None


_LAYER_SUBCLASSES = frozenset({("torch.nn.ReLU6", "torch.nn.Hardtanh")})


class ModuleOp:
    """What calling an ``nn`` module computes, as an entry of the saved-tensor table:
    its inputs' letters, its parameters' letters, and where ``inplace`` is given."""

    __slots__ = ("key", "inputs", "parameters", "inplace")

    def __init__(
        self,
        key: str,
        inputs: str = "a",
        parameters: tuple[tuple[str, str], ...] = (),
        inplace: int | None = None,
    ) -> None:
        self.key = key
        self.inputs = tuple(inputs)
        self.parameters = parameters
        self.inplace = inplace


_WB = (("weight", "b"), ("bias", "c"))
MODULE_OPS: dict[str, ModuleOp] = {
    "torch.nn.ReLU": ModuleOp("F.relu", inplace=0),
    "torch.nn.ReLU6": ModuleOp("F.relu6", inplace=0),
    "torch.nn.SiLU": ModuleOp("F.silu", inplace=0),
    "torch.nn.Mish": ModuleOp("F.mish", inplace=0),
    "torch.nn.Hardswish": ModuleOp("F.hardswish", inplace=0),
    "torch.nn.Hardsigmoid": ModuleOp("F.hardsigmoid", inplace=0),
    "torch.nn.LeakyReLU": ModuleOp("F.leaky_relu", inplace=1),
    "torch.nn.ELU": ModuleOp("F.elu", inplace=1),
    "torch.nn.CELU": ModuleOp("F.celu", inplace=1),
    "torch.nn.SELU": ModuleOp("F.selu", inplace=0),
    "torch.nn.Hardtanh": ModuleOp("F.hardtanh", inplace=2),
    "torch.nn.Dropout": ModuleOp("F.dropout", inplace=1),
    "torch.nn.GELU": ModuleOp("F.gelu"),
    "torch.nn.Sigmoid": ModuleOp("sigmoid"),
    "torch.nn.Tanh": ModuleOp("tanh"),
    "torch.nn.Softplus": ModuleOp("F.softplus"),
    "torch.nn.LogSigmoid": ModuleOp("F.logsigmoid"),
    "torch.nn.Softmax": ModuleOp("softmax"),
    "torch.nn.LogSoftmax": ModuleOp("log_softmax"),
    "torch.nn.Flatten": ModuleOp("flatten"),
    "torch.nn.Linear": ModuleOp("linear", parameters=_WB),
    "torch.nn.Conv1d": ModuleOp("conv1d", parameters=(("weight", "b"),)),
    "torch.nn.Conv2d": ModuleOp("conv2d", parameters=(("weight", "b"),)),
    "torch.nn.BatchNorm1d": ModuleOp("F.batch_norm"),
    "torch.nn.BatchNorm2d": ModuleOp("F.batch_norm"),
    "torch.nn.BatchNorm3d": ModuleOp("F.batch_norm"),
    "torch.nn.LayerNorm": ModuleOp("F.layer_norm", parameters=_WB),
    "torch.nn.GroupNorm": ModuleOp("F.group_norm"),
    "torch.nn.Embedding": ModuleOp("F.embedding", inputs="i", parameters=(("weight", "a"),)),
    "torch.nn.MaxPool2d": ModuleOp("F.max_pool2d"),
    "torch.nn.AvgPool2d": ModuleOp("F.avg_pool2d"),
    "torch.nn.AdaptiveAvgPool2d": ModuleOp("F.adaptive_avg_pool2d"),
    "torch.nn.RNN": ModuleOp("nn.RNN", parameters=(("weight_ih_l0", "b"), ("weight_hh_l0", "c"))),
    "torch.nn.GRU": ModuleOp("nn.GRU", parameters=(("weight_ih_l0", "b"), ("weight_hh_l0", "c"))),
    "torch.nn.LSTM": ModuleOp("nn.LSTM", parameters=(("weight_ih_l0", "b"), ("weight_hh_l0", "c"))),
    "torch.nn.RNNCell": ModuleOp(
        "rnn_tanh_cell", inputs="ah", parameters=(("weight_ih", "b"), ("weight_hh", "c"))
    ),
    "torch.nn.GRUCell": ModuleOp(
        "gru_cell", inputs="ah", parameters=(("weight_ih", "b"), ("weight_hh", "c"))
    ),
    "torch.nn.MSELoss": ModuleOp("F.mse_loss", inputs="ab"),
    "torch.nn.L1Loss": ModuleOp("F.l1_loss", inputs="ab"),
    "torch.nn.SmoothL1Loss": ModuleOp("F.smooth_l1_loss", inputs="ab"),
    "torch.nn.HuberLoss": ModuleOp("F.smooth_l1_loss", inputs="ab"),
    "torch.nn.BCELoss": ModuleOp("F.binary_cross_entropy", inputs="ab"),
    "torch.nn.BCEWithLogitsLoss": ModuleOp("F.binary_cross_entropy_with_logits", inputs="ab"),
    "torch.nn.KLDivLoss": ModuleOp("F.kl_div", inputs="ab"),
    "torch.nn.CrossEntropyLoss": ModuleOp("F.cross_entropy", inputs="ai"),
    "torch.nn.NLLLoss": ModuleOp("F.nll_loss", inputs="ai"),
}

#: tensor methods and attributes whose result is not a tensor
PLAIN_METHODS = frozenset(
    "item tolist numpy size dim ndimension numel nelement element_size data_ptr stride "
    "storage_offset is_contiguous is_floating_point is_complex get_device equal".split()
)
PLAIN_ATTRIBUTES = frozenset(
    "shape dtype device requires_grad is_leaf ndim layout is_cuda is_sparse grad_fn names".split()
)

#: methods whose result is a view of the receiver, or the receiver itself: for a leaf
#: either way an in-place op on the result raises
VIEW_METHODS = frozenset(
    "view view_as t transpose permute expand expand_as squeeze unsqueeze narrow select "
    "unfold diagonal as_strided movedim moveaxis swapaxes swapdims reshape reshape_as "
    "flatten contiguous".split()
)
VIEW_ATTRIBUTES = frozenset({"T", "mT", "H", "mH", "real", "imag"})

#: methods that return the receiver on some devices or dtypes and a copy on others
MAYBE_SELF_METHODS = frozenset(
    "to cuda cpu type type_as float double half bfloat16 pin_memory coalesce".split()
)

#: in-place methods that refuse any tensor that requires grad, even under no_grad
#: (checked against torch by tests/test_inplace_data.py)
REFUSE_GRAD_METHODS = frozenset(
    "apply_ map_ map2_ resize_ resize_as_ resize_as_sparse_ sparse_resize_ sparse_resize_and_clear_".split()
)

#: nn.Module methods that return the module itself
MODULE_SELF_METHODS = frozenset("to cuda cpu train eval float double half bfloat16 type share_memory".split())

#: nn.Module methods that iterate over its submodules or parameters
MODULE_ITERATORS = frozenset(
    {"modules", "children", "named_modules", "named_children", "parameters", "named_parameters"}
)

#: methods whose result never requires grad (integer and boolean results, detach)
NO_GRAD_METHODS = frozenset(
    "detach argmax argmin argsort nonzero eq ne lt le gt ge isnan isinf isfinite "
    "logical_and logical_or logical_not logical_xor bool long int short byte char "
    "all any count_nonzero".split()
)


class InplaceTables:
    """The generated tables of ``gradlint/data/inplace_ops.json``."""

    def __init__(self, raw: dict[str, object]) -> None:
        self.torch_version = str(raw["torch_version"])
        #: ``x.add_(...)``: Tensor methods that write the receiver in place
        self.tensor_methods: frozenset[str] = frozenset(cast("list[str]", raw["tensor_methods"]))
        #: ``torch.relu_(x)``: functions that write their first argument
        self.torch_functions: frozenset[str] = frozenset(cast("list[str]", raw["torch_functions"]))
        #: ``F.relu_(x)``: the same in torch.nn.functional
        self.functional_functions: frozenset[str] = frozenset(cast("list[str]", raw["functional_functions"]))
        #: ``F.relu(x, inplace=True)``: functions with an inplace flag, and its position
        self.functional_inplace_flag: dict[str, int] = dict(
            cast("dict[str, int]", raw["functional_inplace_flag"])
        )


@cache
def inplace_tables() -> InplaceTables:
    return InplaceTables(json.loads((_DATA / "inplace_ops.json").read_text(encoding="utf-8")))


def is_optimizer_class(name: str) -> bool:
    """``torch.optim.SGD``, ``torch.optim.AdamW``: not the schedulers."""
    if not name.startswith("torch.optim.") or "lr_scheduler" in name or "swa_utils" in name:
        return False
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper() and last != "Optimizer"


# ---------------------------------------------------------------------- dtypes

_DTYPE_KINDS = {
    **{
        f"torch.{n}": "int"
        for n in "long int64 int int32 int16 short int8 uint8 uint16 uint32 uint64".split()
    },
    "torch.bool": "bool",
    **{f"torch.{n}": "float" for n in "float float32 float64 double half float16 bfloat16".split()},
    **{f"torch.{n}": "complex" for n in "complex64 complex128 cfloat cdouble chalf complex32".split()},
}
_TYPE_KINDS = {
    "LongTensor": "int",
    "IntTensor": "int",
    "ShortTensor": "int",
    "ByteTensor": "int",
    "CharTensor": "int",
    "BoolTensor": "bool",
    "FloatTensor": "float",
    "DoubleTensor": "float",
    "HalfTensor": "float",
    "BFloat16Tensor": "float",
}
#: tensor methods that change the dtype, and to what
_CAST_METHODS = {
    "long": "int",
    "int": "int",
    "short": "int",
    "byte": "int",
    "char": "int",
    "bool": "bool",
    "float": "float",
    "double": "float",
    "half": "float",
    "bfloat16": "float",
    "cfloat": "complex",
    "cdouble": "complex",
}
#: tensor methods whose result is an integer or boolean tensor
_INT_RESULTS = frozenset("argmax argmin argsort nonzero count_nonzero".split())
_BOOL_RESULTS = frozenset(
    "eq ne lt le gt ge isnan isinf isfinite logical_and logical_or logical_not logical_xor all any".split()
)


def dtype_kind(qualname: str) -> str | None:
    """``torch.long`` -> "int", ``torch.float16`` -> "float", ``torch.bool`` -> "bool"."""
    found = _DTYPE_KINDS.get(qualname)
    if found is None and qualname.startswith("torch.") and qualname.rsplit(".", 1)[-1] in _TYPE_KINDS:
        found = _TYPE_KINDS[qualname.rsplit(".", 1)[-1]]
    return found


def method_dtype(method: str, base: str | None) -> str | None:
    """The dtype kind of ``t.method()`` for a tensor ``t`` of kind ``base``."""
    if method in _CAST_METHODS:
        return _CAST_METHODS[method]
    if method in _INT_RESULTS:
        return "int"
    if method in _BOOL_RESULTS:
        return "bool"
    return base


def cast_dtype(method: str, qualnames: list[str | None], base: str | None) -> str | None:
    """``t.to(torch.float64)``, ``t.type(torch.LongTensor)``, ``t.double()``: the kind after."""
    if method in ("to", "type"):
        for name in qualnames:
            kind = dtype_kind(name) if name else None
            if kind is not None:
                return kind
        return base
    return method_dtype(method, base)
