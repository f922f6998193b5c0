"""The engine's layers as data, independent of any rule: the program model (what a file
defines), the summaries (what a function does and returns, what a class's instances
hold), and the direction in which the engine's modules use each other."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import libcst as cst

from gradlint.engine import model
from gradlint.engine.events import Save, Write, Zero
from gradlint.engine.flow import Analysis, Result
from gradlint.engine.values import Grad, Instance, Layer, Param, Seq, Tensor, options_of

ENGINE = Path(__file__).resolve().parent.parent / "gradlint" / "engine"


def analyse(source: str) -> Result:
    text = textwrap.dedent(source)
    return Analysis(cst.parse_module(text), text).run()


def program(source: str) -> model.ProgramModel:
    return model.build(cst.parse_module(textwrap.dedent(source)))


def class_named(result: Result, name: str):
    return next(c for c in result.classes.values() if c.info.name == name)


def summary_of(result: Result, qualname: str):
    return next(s for s in result.summaries.values() if s.function.qualname == qualname)


# ---------------------------------------------------------------------- program model


def test_model_resolves_bases_methods_and_self_writes():
    found = program(
        """
        import torch.nn as nn
        from base import Mystery

        class Block(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.fc = nn.Linear(c, c)
                self.layers = nn.ModuleList()
                self._build(c)
                self.add_module("head", nn.Linear(c, 1))
                setattr(self, "tail", nn.ReLU())
                self.register_parameter("scale", nn.Parameter(torch.ones(1)))

            def _build(self, c):
                for _ in range(2):
                    self.layers.append(nn.Linear(c, c))

            @staticmethod
            def make(c):
                return Block(c)

        class Deep(Block, Mystery):
            def forward(self, x, *rest, scale=1.0, **options):
                return x
        """
    )
    classes = {c.name: c for c in found.classes.values()}
    block, deep = classes["Block"], classes["Deep"]
    assert block.bases == ("torch.nn.Module",)
    assert deep.bases == (block, "base.Mystery")
    assert deep.has_unknown_bases() and not block.has_unknown_bases()
    assert deep.method("_build") is block.methods["_build"]
    assert [(w.attribute, w.method.name) for w in block.writes] == [
        ("fc", "__init__"),
        ("layers", "__init__"),
        ("head", "__init__"),
        ("tail", "__init__"),
        ("scale", "__init__"),
        ("layers", "_build"),
    ]
    assert deep.attribute_names() == ["fc", "layers", "head", "tail", "scale"]
    assert block.methods["make"].kind == "staticmethod"
    forward = deep.methods["forward"]
    assert [(p.name, p.kind) for p in forward.params] == [
        ("self", model.POSITIONAL),
        ("x", model.POSITIONAL),
        ("rest", model.STAR),
        ("scale", model.KEYWORD_ONLY),
        ("options", model.STARSTAR),
    ]
    assert forward.self_name == "self"
    assert found.imports == {"nn": "torch.nn", "Mystery": "base.Mystery"}


def test_model_finds_the_owners_a_file_freezes():
    found = program(
        """
        for p in teacher.parameters():
            p.requires_grad = False
        backbone.requires_grad_(False)
        head.requires_grad_(True)
        """
    )
    assert found.frozen_owners == frozenset({"teacher", "backbone"})


# ---------------------------------------------------------------------- class summaries


def test_class_attributes_through_factories_containers_and_helper_methods():
    result = analyse(
        """
        from collections import OrderedDict
        import torch
        from torch import nn

        def conv3x3(cin, cout, stride=1):
            return nn.Conv2d(cin, cout, 3, stride, padding=1, bias=False)

        class Block(nn.Module):
            def __init__(self, c):
                super().__init__()
                self.conv = conv3x3(c, c)
                self.act = nn.ReLU(inplace=True)

        class Net(nn.Module):
            def __init__(self, n):
                super().__init__()
                self.stem = nn.Sequential(OrderedDict([("conv", conv3x3(3, 8)), ("bn", nn.BatchNorm2d(8))]))
                self.blocks = nn.ModuleList([Block(8) for _ in range(n)])
                self.scale = nn.Parameter(torch.ones(1))
                self._make_head()

            def _make_head(self):
                layers = []
                for _ in range(2):
                    layers.append(nn.Linear(8, 8))
                self.head = nn.Sequential(*layers)

        class Wide(Net):
            pass
        """
    )
    block = class_named(result, "Block").attributes
    assert isinstance(block["conv"], Layer) and block["conv"].qualname == "torch.nn.Conv2d"
    assert block["conv"].parameters == ("weight",)  # bias=False
    assert block["act"].inplace
    net = class_named(result, "Net").attributes
    stem = net["stem"]
    assert stem.qualname == "torch.nn.Sequential" and stem.keys == ("conv", "bn")
    assert [m.qualname for m in stem.members] == ["torch.nn.Conv2d", "torch.nn.BatchNorm2d"]
    blocks = net["blocks"]
    assert blocks.qualname == "torch.nn.ModuleList" and not blocks.ordered
    assert [type(m).__name__ for m in blocks.members] == ["Instance"]
    assert isinstance(net["scale"], Tensor) and net["scale"].grad == Grad.LEAF
    head = net["head"]
    assert head.qualname == "torch.nn.Sequential" and not head.ordered
    assert [m.qualname for m in head.members] == ["torch.nn.Linear"]
    wide = class_named(result, "Wide").attributes
    assert set(wide) == set(net)  # inherited


# ---------------------------------------------------------------------- function summaries


def test_summary_of_a_helper_that_writes_its_argument():
    result = analyse(
        """
        def fill_sinusoid(table, start=0):
            table[:, 0::2] = 1.0
            return table
        """
    )
    summary = summary_of(result, "fill_sinusoid")
    writes = [e for e in summary.events if isinstance(e, Write)]
    assert [(w.kind, w.value) for w in writes] == [("setitem", Param("table"))]
    assert summary.result == Param("table")


def test_summary_of_a_factory_and_of_a_function_dispatching_on_its_argument():
    result = analyse(
        """
        from torch import nn

        def make_layer(block, n):
            layers = [block() for _ in range(n)]
            return nn.Sequential(*layers)

        def init(m):
            if isinstance(m, nn.Linear):
                m.weight.fill_(0.0)
        """
    )
    made = summary_of(result, "make_layer").result
    assert isinstance(made, Layer) and made.qualname == "torch.nn.Sequential"
    # calling what the caller passes: the caller's class, once a call binds `block`
    assert [type(m).__name__ for m in made.members] == ["Deferred"]
    (write,) = [e for e in summary_of(result, "init").events if isinstance(e, Write)]
    assert write.value == Param("m", (("narrow", ("torch.nn.Linear",), True), ("attr", "weight")))


def test_summary_of_a_forward_that_saves_its_input_and_a_guarded_zeroing():
    result = analyse(
        """
        from torch import nn

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, x):
                return self.fc(x)

        class Trainer:
            def update(self, optimizer, clear=False):
                optimizer.step()
                if clear:
                    optimizer.zero_grad()
        """
    )
    (save,) = [e for e in summary_of(result, "Block.forward").events if isinstance(e, Save)]
    assert save.op == "linear"
    assert ("caller", "x", ()) in save.saved  # the input, whatever the caller passes
    (zero,) = [e for e in summary_of(result, "Trainer.update").events if isinstance(e, Zero)]
    assert zero.guards == (("clear", True),)


def test_a_call_binds_the_callers_values():
    """What a callee does to its parameter happens, in the caller's stream, to what the
    caller passed: the event carries the call, the callee's node, the caller's value."""
    result = analyse(
        """
        import torch
        from torch import nn

        def scale_(t, factor):
            t.mul_(factor)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(10, 4)
                scale_(self.emb.weight, 0.5)
        """
    )
    init = next(s for s in result.streams if s.function is not None and s.function.qualname == "Net.__init__")
    (write,) = [e for e in init.events if isinstance(e, Write)]
    assert isinstance(write.value, Tensor) and write.value.grad == Grad.LEAF
    assert [step.function.name for step in write.via] == ["scale_"]
    assert write.source is not None and write.source[2] == "argument"


def test_self_modules_is_each_module_the_instance_holds():
    result = analyse(
        """
        from torch import nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8))
                self.fc = nn.Linear(8, 2)
                for m in self.modules():
                    if isinstance(m, nn.BatchNorm2d):
                        m.weight.fill_(1.0)
        """
    )
    init = next(s for s in result.streams if s.function is not None and s.function.name == "__init__")
    (write,) = [e for e in init.events if isinstance(e, Write)]
    (option,) = options_of(write.value)  # narrowed to the one BatchNorm2d
    assert isinstance(option, Tensor) and option.ident[0] == "param" and option.ident[2] == "weight"
    assert not any(isinstance(v, (Instance, Seq)) for v in options_of(write.value))


# ---------------------------------------------------------------------- layering

#: the engine's modules, lowest layer first; each may import only modules before it
LAYERS = [
    "tree",
    "names",
    "scan",
    "access",
    "gradmode",
    "torch_api",
    "values",
    "saved",
    "model",
    "events",
    "timeline",
    "summaries",
    "state",
    "evaluate",
    "flow",
    "facts",
    "fixes",
]


def _runtime_imports(path: Path) -> set[str]:
    """The gradlint.engine modules a module imports when it runs (not for type checking)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child, typing_only)
            return
        if isinstance(node, ast.ImportFrom) and node.module and not typing_only:
            if node.module.startswith("gradlint.engine."):
                found.add(node.module.split(".")[2])
            elif node.module == "gradlint.engine":
                found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(tree, False)
    return found


def test_engine_modules_are_layers_used_in_one_direction():
    modules = {p.stem for p in ENGINE.glob("*.py")} - {"__init__"}
    assert modules == set(LAYERS), "add new engine modules to LAYERS, in their layer"
    for index, name in enumerate(LAYERS):
        allowed = set(LAYERS[:index])
        imported = _runtime_imports(ENGINE / f"{name}.py") - {name}
        assert imported <= allowed, (
            f"engine/{name}.py imports {sorted(imported - allowed)} from a layer above it"
        )
