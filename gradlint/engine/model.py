"""The program model: what a file defines, read from its syntax before any flow walk.

Functions (their parameters, defaults, decorators, enclosing function and class),
classes (their bases resolved where the file says what they are, their methods, and
every place a method writes an attribute of ``self``), the file's top-level imports,
and the owners whose parameters the file switches off. Nothing here evaluates an
expression: values come from the flow walk (:mod:`gradlint.engine.flow`), which
records them per class and per function in :mod:`gradlint.engine.summaries`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import libcst as cst

from gradlint.engine.names import argument, canonical, dotted, literal_bool
from gradlint.engine.scan import statements, walk_statements
from gradlint.engine.tree import descendants

POSITIONAL = "positional"
KEYWORD_ONLY = "keyword-only"
STAR = "star"
STARSTAR = "starstar"


@dataclass(eq=False)
class ParamInfo:
    name: str
    kind: str  # POSITIONAL (incl. positional-only), KEYWORD_ONLY, STAR, STARSTAR
    default: cst.BaseExpression | None
    annotation: cst.BaseExpression | None


@dataclass(eq=False)
class FunctionInfo:
    """A ``def`` of the file. ``kind`` is function, method, staticmethod or classmethod."""

    node: cst.FunctionDef
    name: str
    qualname: str
    kind: str
    params: tuple[ParamInfo, ...]
    cls: ClassInfo | None  # the class whose body defines it
    parent: FunctionInfo | None  # the enclosing function

    @property
    def self_name(self) -> str | None:
        """The name of ``self`` (or ``cls``) in a method."""
        if self.kind in ("method", "classmethod") and self.params and self.params[0].kind == POSITIONAL:
            return self.params[0].name
        return None

    def __repr__(self) -> str:
        return f"FunctionInfo({self.qualname})"


@dataclass(eq=False)
class SelfWrite:
    """A method writing ``self.<attribute>``: assigned (``self.fc = ...``), grown
    (``self.layers.append(...)``) or registered (``self.add_module("fc", ...)``)."""

    attribute: str
    method: FunctionInfo
    node: cst.CSTNode


@dataclass(eq=False)
class ClassInfo:
    node: cst.ClassDef
    name: str
    qualname: str
    #: each base: a class of the file, a dotted name through the file's imports, or None
    bases: tuple[ClassInfo | str | None, ...]
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    writes: list[SelfWrite] = field(default_factory=list)

    def method(self, name: str, seen: frozenset = frozenset()) -> FunctionInfo | None:
        """The method ``name``, defined here or in a base class of this file."""
        found = self.methods.get(name)
        if found is not None:
            return found
        for base in self.bases:
            if isinstance(base, ClassInfo) and id(base) not in seen:
                found = base.method(name, seen | {id(self)})
                if found is not None:
                    return found
        return None

    def ancestors(self) -> Iterator[ClassInfo | str | None]:
        """Every base, transitively, nearest first (each class of the file once)."""
        seen = {id(self)}
        queue = list(self.bases)
        while queue:
            base = queue.pop(0)
            if isinstance(base, ClassInfo):
                if id(base) in seen:
                    continue
                seen.add(id(base))
                queue.extend(base.bases)
            yield base

    def has_unknown_bases(self) -> bool:
        """Whether some ancestor is out of view: not of this file, and not torch's."""
        return any(
            base is None or (isinstance(base, str) and not base.startswith("torch.") and base != "object")
            for base in self.ancestors()
        )

    def torch_bases(self) -> set[str]:
        """The dotted names of the non-file classes it derives from (``torch.nn.Module``)."""
        return {base for base in self.ancestors() if isinstance(base, str)}

    def writers_of(self, attribute: str) -> list[FunctionInfo]:
        found: list[FunctionInfo] = []
        for write in self.writes:
            if write.attribute == attribute and write.method not in found:
                found.append(write.method)
        return found

    def attribute_names(self) -> list[str]:
        """Every ``self`` attribute written in this class or its bases of the file."""
        names: dict[str, None] = {}
        for base in reversed(list(self.ancestors())):
            if isinstance(base, ClassInfo):
                names.update((w.attribute, None) for w in base.writes)
        names.update((w.attribute, None) for w in self.writes)
        return list(names)

    def __repr__(self) -> str:
        return f"ClassInfo({self.qualname})"


@dataclass(eq=False)
class ProgramModel:
    module: cst.Module
    functions: dict[int, FunctionInfo]  # by id of the FunctionDef
    classes: dict[int, ClassInfo]  # by id of the ClassDef
    imports: dict[str, str]  # top-level name -> dotted name it imports
    imported: frozenset[str]  # every module imported anywhere in the file
    frozen_owners: frozenset[str]  # spellings of modules whose parameters are switched off

    def function(self, node: cst.FunctionDef) -> FunctionInfo:
        return self.functions[id(node)]

    def class_of_node(self, node: cst.ClassDef) -> ClassInfo:
        return self.classes[id(node)]

    def functions_named(self, name: str) -> list[FunctionInfo]:
        return [f for f in self.functions.values() if f.name == name]

    def subclasses(self, info: ClassInfo) -> list[ClassInfo]:
        return [c for c in self.classes.values() if c is not info and info in c.ancestors()]


# ---------------------------------------------------------------------- building


def build(module: cst.Module, text: str = "") -> ProgramModel:
    imports = _top_level_imports(module)
    functions: dict[int, FunctionInfo] = {}
    classes: dict[int, ClassInfo] = {}
    top_classes: dict[str, ClassInfo | None] = {}
    imported: set[str] = set()
    _collect(module.body, None, None, "", imported, functions, classes, top_classes)
    for info in classes.values():
        info.bases = tuple(_resolve_base(a.value, imports, top_classes) for a in info.node.bases)
    for info in classes.values():
        _collect_writes(info)
    frozen = frozenset(_find_frozen_owners(module)) if _mentions_freezing(text, module) else frozenset()
    return ProgramModel(module, functions, classes, imports, frozenset(imported), frozen)


def _collect(
    body: object,
    function: FunctionInfo | None,
    cls: ClassInfo | None,
    prefix: str,
    imported: set[str],
    functions: dict[int, FunctionInfo],
    classes: dict[int, ClassInfo],
    top_classes: dict[str, ClassInfo | None],
) -> None:
    for node in walk_statements(body):
        if isinstance(node, cst.Import):
            imported.update(n for n in (dotted(a.name) for a in node.names) if n)
        elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            name = dotted(node.module)
            if name:
                imported.add(name)
        if isinstance(node, cst.FunctionDef):
            kind = _function_kind(node) if cls is not None else "function"
            info = FunctionInfo(
                node, node.name.value, prefix + node.name.value, kind, _params(node), cls, function
            )
            functions[id(node)] = info
            if cls is not None:
                cls.methods.setdefault(node.name.value, info)
            _collect(
                node.body, info, None, info.qualname + ".<locals>.", imported, functions, classes, top_classes
            )
        elif isinstance(node, cst.ClassDef):
            info_cls = ClassInfo(node, node.name.value, prefix + node.name.value, ())
            classes[id(node)] = info_cls
            if not prefix:
                # a name bound twice at top level is ambiguous
                top_classes[node.name.value] = None if node.name.value in top_classes else info_cls
            _collect(
                node.body,
                function,
                info_cls,
                info_cls.qualname + ".",
                imported,
                functions,
                classes,
                top_classes,
            )


def _function_kind(node: cst.FunctionDef) -> str:
    for decorator in node.decorators:
        name = dotted(decorator.decorator)
        if name in ("staticmethod", "classmethod"):
            return name
    return "method"


def _params(node: cst.FunctionDef | cst.Lambda) -> tuple[ParamInfo, ...]:
    params = node.params
    found = [
        ParamInfo(p.name.value, POSITIONAL, p.default, p.annotation.annotation if p.annotation else None)
        for p in list(params.posonly_params) + list(params.params)
    ]
    if isinstance(params.star_arg, cst.Param):
        found.append(ParamInfo(params.star_arg.name.value, STAR, None, None))
    found.extend(
        ParamInfo(p.name.value, KEYWORD_ONLY, p.default, p.annotation.annotation if p.annotation else None)
        for p in params.kwonly_params
    )
    if params.star_kwarg is not None:
        found.append(ParamInfo(params.star_kwarg.name.value, STARSTAR, None, None))
    return tuple(found)


def _top_level_imports(module: cst.Module) -> dict[str, str]:
    """Names bound by top-level imports, when nothing else at top level binds them."""
    found: dict[str, str | None] = {}
    for node in walk_statements(module.body):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            found[node.name.value] = None
        elif isinstance(node, cst.Import):
            for alias in node.names:
                full = dotted(alias.name)
                if full is None:
                    continue
                if alias.asname is not None:
                    bound = dotted(cast(cst.BaseExpression, alias.asname.name))
                    if bound:
                        found[bound] = None if bound in found else canonical(full)
                else:
                    root = full.split(".")[0]
                    found[root] = None if found.get(root, root) != root else root
        elif isinstance(node, cst.ImportFrom):
            if isinstance(node.names, cst.ImportStar) or node.relative or node.module is None:
                continue
            module_name = dotted(node.module)
            for alias in node.names:
                name = alias.name.value if isinstance(alias.name, cst.Name) else dotted(alias.name)
                bound = (
                    dotted(cast(cst.BaseExpression, alias.asname.name)) if alias.asname is not None else name
                )
                if bound:
                    found[bound] = None if bound in found else canonical(f"{module_name}.{name}")
    return {name: value for name, value in found.items() if value is not None}


def _resolve_base(
    base: cst.BaseExpression, imports: dict[str, str], top_classes: dict[str, ClassInfo | None]
) -> ClassInfo | str | None:
    path = dotted(base)
    if path is None:
        return None
    if "." not in path and path in top_classes:
        return top_classes[path]
    root, _, rest = path.partition(".")
    if root in imports:
        return canonical(imports[root] + ("." + rest if rest else ""))
    if path == "object":
        return "object"
    return None


# ---------------------------------------------------------------------- self writes

_GROW_METHODS = ("append", "extend", "insert", "add_module", "register_module", "update")
_REGISTER_METHODS = ("add_module", "register_module", "register_parameter", "register_buffer")


def _collect_writes(info: ClassInfo) -> None:
    for method in info.methods.values():
        self_name = method.self_name
        if method.kind != "method" or self_name is None:
            continue
        for node in walk_statements(method.node.body):
            for attribute in _written_attributes(node, self_name):
                info.writes.append(SelfWrite(attribute, method, node))


def _written_attributes(node: cst.CSTNode, self_name: str) -> list[str]:
    found: list[str] = []
    if isinstance(node, cst.Assign):
        for target in node.targets:
            found.extend(_target_attributes(target.target, self_name))
    elif isinstance(node, cst.AnnAssign) and node.value is not None:
        found.extend(_target_attributes(node.target, self_name))
    elif isinstance(node, cst.Expr) and isinstance(node.value, cst.Call):
        call = node.value
        func = call.func
        if isinstance(func, cst.Attribute):
            owner = func.value
            if _is_name(owner, self_name) and func.attr.value in _REGISTER_METHODS:
                name = argument(call, 0, "name")
                if name is not None and isinstance(name.value, cst.SimpleString):
                    found.append(str(name.value.evaluated_value))
            elif (
                isinstance(owner, cst.Attribute)
                and _is_name(owner.value, self_name)
                and func.attr.value in _GROW_METHODS
            ):
                found.append(owner.attr.value)
        elif _is_name(func, "setattr") and call.args and _is_name(call.args[0].value, self_name):
            name = argument(call, 1)
            if name is not None and isinstance(name.value, cst.SimpleString):
                found.append(str(name.value.evaluated_value))
    return found


def _target_attributes(target: cst.BaseExpression, self_name: str) -> list[str]:
    if isinstance(target, (cst.Tuple, cst.List)):
        found: list[str] = []
        for element in target.elements:
            found.extend(_target_attributes(element.value, self_name))
        return found
    if isinstance(target, cst.Subscript):
        target = target.value  # self.heads["cls"] = ...: grows self.heads
    if isinstance(target, cst.Attribute) and _is_name(target.value, self_name):
        return [target.attr.value]
    return []


def _is_name(expr: cst.BaseExpression, name: str) -> bool:
    return isinstance(expr, cst.Name) and expr.value == name


# ---------------------------------------------------------------------- frozen owners

# what a freezing needs in the text (a superset): `requires_grad_(` with an argument that
# is not `True`, or `.requires_grad =` with a value that is not `True`
_FREEZE_MARKERS = re.compile(
    r"requires_grad_\(\s*(?!\s|\)|True\s*\))|\.requires_grad\s*=(?!=)\s*(?!\s|True\b)"
)


def _mentions_freezing(text: str, module: cst.Module) -> bool:
    if text:
        return _FREEZE_MARKERS.search(text) is not None
    return True


def _find_frozen_owners(module: cst.Module) -> set[str]:
    """Modules whose parameters this file may switch off: ``m.requires_grad_(False)``,
    or ``for p in m.parameters(): p.requires_grad = False``."""
    owners: set[str] = set()
    for node in descendants(module):
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value == "requires_grad_"
        ):
            if _switches_off(node):
                owner = dotted(node.func.value)
                if owner is not None:
                    owners.add(owner)
        elif (
            isinstance(node, cst.For)
            and isinstance(node.iter, cst.Call)
            and isinstance(node.iter.func, cst.Attribute)
            and node.iter.func.attr.value in ("parameters", "named_parameters")
        ):
            owner = dotted(node.iter.func.value)
            names = set(_target_names(node.target))
            if owner is None or not names:
                continue
            if any(_freezes_one_of(statement, names) for statement in walk_statements(node.body)):
                owners.add(owner)
    return owners


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [e.value.value for e in target.elements if isinstance(e.value, cst.Name)]
    return []


def _switches_off(call: cst.Call) -> bool:
    flag = argument(call, 0, "requires_grad")
    return flag is not None and literal_bool(flag.value) is not True


def _freezes_one_of(statement: cst.CSTNode, names: set[str]) -> bool:
    if isinstance(statement, cst.Assign):
        for target in statement.targets:
            t = target.target
            if (
                isinstance(t, cst.Attribute)
                and t.attr.value == "requires_grad"
                and isinstance(t.value, cst.Name)
                and t.value.value in names
                and literal_bool(statement.value) is not True
            ):
                return True
    if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call):
        call = statement.value
        return (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "requires_grad_"
            and isinstance(call.func.value, cst.Name)
            and call.func.value.value in names
            and _switches_off(call)
        )
    return False


__all__ = ["ClassInfo", "FunctionInfo", "ParamInfo", "ProgramModel", "SelfWrite", "build", "statements"]
