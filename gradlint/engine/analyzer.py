"""One pass over one file: the flow-sensitive walk that every rule rides on.

The analyzer walks the libcst tree once, in source order, keeping a :class:`State`
(what each name and ``self.attr`` path holds, the grad mode, whether the code is
reachable). Rules are dispatched from the same walk, libcst-style: a rule method
``visit_Call(node)`` runs when a ``Call`` is reached, ``leave_Call(node)`` after its
children, and while it runs, :meth:`Analyzer.value`, :meth:`Analyzer.qualname` and
:attr:`Analyzer.grad_mode` answer for that program point.

Like pyflakes, function bodies are walked after the scope that defines them, so that a
body sees every module-level binding and every ``self.x = ...`` of its class; rules
get ``visit_FunctionDef`` when the body is walked. The walk is our own rather than
``libcst.CSTNode.visit`` because the latter rebuilds every node it passes, which costs
more than parsing.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import Callable, Union

import libcst as cst

from gradlint.engine import effects, facts, gradmode, saved, training
from gradlint.engine.names import argument, call_name, canonical, dotted
from gradlint.engine.scan import (
    assigned_and_augmented,
    assigned_paths,
    statements,
    target_paths,
    walk_statements,
)
from gradlint.engine.state import State
from gradlint.engine.tree import child_fields, children, descendants, is_node
from gradlint.engine.values import (
    PLAIN,
    UNKNOWN,
    ClassRef,
    FunctionRef,
    Grad,
    GradModeContext,
    Instance,
    Layer,
    QualName,
    Seq,
    Tensor,
    Value,
    join,
)

Message = Union[str, Callable[[Callable[[cst.CSTNode], int]], str]]


class ClassInfo:
    """A class defined in the file: its bases and what its methods assign to ``self``."""

    __slots__ = ("node", "scope", "bases", "frozen", "_attributes", "_analyzer")

    def __init__(self, node: cst.ClassDef, scope: Scope, bases: list[Value], analyzer: Analyzer) -> None:
        self.node = node
        self.scope = scope
        self.bases = bases
        self.frozen = False  # some instance's parameters are switched off in this file
        self._attributes: dict[str, Value] | None = None
        self._analyzer = analyzer

    @property
    def name(self) -> str:
        return self.node.name.value

    def attribute(self, name: str) -> Value:
        if self._attributes is None:
            self._attributes = {}  # guards against a class that is its own base
            self._attributes = self._analyzer._self_attributes(self)
        return self._attributes.get(name, UNKNOWN)

    def methods(self) -> list[cst.FunctionDef]:
        return [s for s in statements(self.node.body) if isinstance(s, cst.FunctionDef)]

    def method(self, name: str) -> cst.FunctionDef | None:
        """The method ``name``, defined here or in a base class of this file."""
        for method in self.methods():
            if method.name.value == name:
                return method
        for base in self.bases:
            if isinstance(base, ClassRef) and base.info is not self:
                found = base.info.method(name)
                if found is not None:
                    return found
        return None

    def has_trainable_parameters(self, seen: frozenset = frozenset()) -> bool:
        """Whether what ``__init__`` and friends assign to ``self`` includes a layer with
        parameters, a leaf that requires grad, or a submodule of this file that does."""
        if self._attributes is None:
            self.attribute("")
        for value in (self._attributes or {}).values():
            if isinstance(value, Layer) and (value.parameters or value.members):
                return True
            if isinstance(value, Tensor) and value.grad == Grad.LEAF:
                return True
            if isinstance(value, Instance) and id(value.info) not in seen | {id(self)}:
                if value.info.has_trainable_parameters(seen | {id(self)}):
                    return True
        return False


class Scope:
    __slots__ = ("kind", "node", "parent", "summary", "globals", "cls")

    def __init__(
        self, kind: str, node: cst.CSTNode, parent: Scope | None, cls: ClassInfo | None = None
    ) -> None:
        self.kind = kind  # "module", "class" or "function"
        self.node = node
        self.parent = parent
        self.summary: dict[str, Value] = {}  # the join of every binding of each name
        self.globals: set = set()
        self.cls = cls  # for a method: the class it belongs to


class CallSite:
    """A call of a function by name: the grad mode there, the calling function (None at
    module level), and the loops and branches around the call."""

    __slots__ = ("grad", "function", "structure")

    def __init__(self, grad: str, function: cst.FunctionDef | None, structure: tuple) -> None:
        self.grad = grad
        self.function = function
        self.structure = structure


class PendingFinding:
    __slots__ = ("code", "node", "message", "fix")

    def __init__(self, code: str, node: cst.CSTNode, message: Message, fix: object) -> None:
        self.code = code
        self.node = node
        self.message = message
        self.fix = fix


class Analyzer:
    """The per-file engine. Rules receive it as ``self.ctx``."""

    def __init__(self, module: cst.Module, path: str = "<stdin>", text: str = "") -> None:
        self.module = module
        self.path = path
        self.text = text
        self.findings: list[PendingFinding] = []
        self._visit: dict[type, list[Callable]] = {}
        self._leave: dict[type, list[Callable]] = {}
        self._hooks: dict[str, list[Callable]] = {}
        self._finish: list[Callable[[], None]] = []
        self._module_scope = Scope("module", module, None)
        self._scope = self._module_scope
        self._state = State({}, gradmode.ENABLED)
        self._function: cst.FunctionDef | None = None
        self._line: cst.SimpleStatementLine | None = None
        # where the walk is: ("loop", node) for a loop body, ("branch", node, label)
        # for one branch of an if / try / match; a function's walk starts empty
        self._structure: list[tuple] = []
        self._block: cst.CSTNode = module
        self._calls: dict[str, list[CallSite]] = {}  # called name -> where it is called
        #: per-file results that engine modules compute once, on demand
        self.memo: dict[str, object] = {}
        self._records: dict[tuple, saved.SaveRecord] = {}
        self._saved_by: dict[int, dict[tuple, None]] = {}  # tensor ident -> record keys
        self._noting_saves = True
        self.keeps_timeline = False
        self._deferred: deque[tuple[cst.FunctionDef, Scope, ClassInfo | None, str]] = deque()

    # ------------------------------------------------------------------ rules

    def add_rule(self, rule: object) -> None:
        for attribute in dir(type(rule)):
            if attribute.startswith(("visit_", "leave_")):
                kind, _, type_name = attribute.partition("_")
                node_type = getattr(cst, type_name, None)
                if not (isinstance(node_type, type) and issubclass(node_type, cst.CSTNode)):
                    raise TypeError(f"{type(rule).__name__}.{attribute}: no libcst node named {type_name}")
                table = self._visit if kind == "visit" else self._leave
                table.setdefault(node_type, []).append(getattr(rule, attribute))
            elif attribute.startswith("on_"):
                self._hooks.setdefault(attribute[3:], []).append(getattr(rule, attribute))
        finish = getattr(rule, "finish", None)
        if finish is not None:
            self._finish.append(finish)

    def emit(self, event: str, payload: object) -> None:
        """Tell the rules that listen for ``event`` (methods named ``on_<event>``)."""
        for hook in self._hooks.get(event, ()):
            hook(payload)

    def listens(self, event: str) -> bool:
        return event in self._hooks

    def report(self, code: str, node: cst.CSTNode, message: Message, fix: object = None) -> None:
        self.findings.append(PendingFinding(code, node, message, fix))

    # ------------------------------------------------------------------ queries

    @property
    def grad_mode(self) -> str:
        """``enabled``, ``disabled``, ``inherited`` (function body) or ``unknown``."""
        return self._state.grad

    @property
    def function(self) -> cst.FunctionDef | None:
        """The function whose body is being walked, None at module or class level."""
        return self._function

    @property
    def current_class(self) -> ClassInfo | None:
        return self._scope.cls

    @property
    def structure(self) -> tuple:
        """The loops and branches around the node being walked, outermost first, within
        the current function (``("loop", node)``, ``("branch", node, label)``)."""
        return tuple(self._structure)

    def _within(self, frame: tuple, node: cst.CSTNode | None) -> None:
        if node is None:
            return
        self._structure.append(frame)
        self._walk(node)
        self._structure.pop()

    @property
    def statement(self) -> cst.SimpleStatementLine | None:
        """The line of small statements being walked, if any."""
        return self._line

    @property
    def block(self) -> cst.CSTNode:
        """The block (``Module``, ``IndentedBlock`` or one-line suite) that holds the
        statement being walked."""
        return self._block

    def record_save(
        self, node: cst.CSTNode, match: saved.Match, result_ident: int, step: int = 0
    ) -> tuple | None:
        """Note what the op at ``node`` saves for backward; its record's key, or None
        when it saves nothing that can be told apart."""
        if not self._noting_saves:
            return None
        identities = saved.saved_identities(match, result_ident)
        if not identities:
            return None
        key = (id(node), step)
        self._records[key] = saved.SaveRecord(key, node, match.options[0][0], identities)
        for ident in identities:
            self._saved_by.setdefault(ident, {})[key] = None
        return key

    def class_of(self, function: cst.FunctionDef) -> ClassInfo | None:
        """The class of this file that ``function`` is a method of."""
        for value in self._module_scope.summary.values():
            if isinstance(value, ClassRef) and any(m is function for m in value.info.methods()):
                return value.info
        return None

    def timeline(self) -> training.Timeline:
        """The backward / step / zeroing events of every function, in source order (kept
        only for rules that ask: call this from a rule's ``__init__``)."""
        self.keeps_timeline = True
        return self.memo.setdefault("timeline", training.Timeline())  # type: ignore[return-value]

    def records_saving(self, ident: int) -> list[saved.SaveRecord]:
        """The ops that saved the tensor ``ident`` for backward, in the order seen."""
        return [self._records[key] for key in self._saved_by.get(ident, ())]

    def spelling(self, qualname: str) -> str | None:
        """How to write ``qualname`` at module level with this file's imports
        (``T.no_grad`` after ``import torch as T``), or None if no import reaches it."""
        summary = self._module_scope.summary
        best: str | None = None
        for name, value in summary.items():
            if not isinstance(value, QualName):
                continue
            if value.name == qualname:
                candidate = name
            elif qualname.startswith(value.name + "."):
                candidate = name + qualname[len(value.name) :]
            else:
                continue
            if best is None or (len(candidate), candidate) < (len(best), best):
                best = candidate
        return best

    def module_binds(self, name: str) -> bool:
        """Whether ``name`` is bound anywhere at module level."""
        return name in self._module_scope.summary

    def callers_grad_modes(self, name: str, depth: int = 5) -> set:
        """The grad modes in which a function or method named ``name`` runs when called
        from this file (``name(...)``, ``obj.name(...)``); a call from a function that
        inherits its mode counts with that function's own callers, ``depth`` levels up.
        Empty when nothing in the file calls it. Complete only after the walk."""
        return self._modes_of(name, depth, {name})

    def _modes_of(self, name: str, depth: int, seen: set) -> set:
        modes: set = set()
        for site in self._calls.get(name, ()):
            caller = site.function.name.value if site.function is not None else None
            if site.grad == gradmode.INHERITED and caller is not None and caller not in seen and depth > 0:
                above = self._modes_of(caller, depth - 1, seen | {caller})
                modes |= above or {gradmode.INHERITED}
            else:
                modes.add(site.grad)
        return modes

    def call_sites(self, name: str) -> list[CallSite]:
        """Every call in this file of a function or method named ``name``. Complete
        only after the walk."""
        return self._calls.get(name, [])

    def value(self, expr: cst.BaseExpression) -> Value:
        """What is known of ``expr`` here."""
        return facts.evaluate(self, expr)

    def qualname(self, expr: cst.BaseExpression) -> str | None:
        """The canonical dotted name of the imported object ``expr`` refers to."""
        found = self.value(expr)
        return found.name if isinstance(found, QualName) else None

    def lookup(self, path: str) -> Value | None:
        """The value bound to a name or dotted path, None if nothing is bound to it."""
        env = self._state.env
        found = env.get(path)
        if found is not None:
            return found
        if "." in path:
            return None
        scope = self._scope
        if path in scope.globals:
            return self._module_scope.summary.get(path)
        scope = scope.parent
        while scope is not None:
            if scope.kind != "class":
                found = scope.summary.get(path)
                if found is not None:
                    return found
            scope = scope.parent
        return None

    # ------------------------------------------------------------------ binding

    def bind(self, path: str, value: Value) -> None:
        env = self._state.env
        env[path] = value
        prefix = path + "."
        stale = [key for key in env if key.startswith(prefix)]
        for key in stale:
            del env[key]
        if "." not in path:
            scope = self._module_scope if path in self._scope.globals else self._scope
            previous = scope.summary.get(path)
            scope.summary[path] = value if previous is None else join(previous, value)

    def _bind_target(
        self,
        target: cst.BaseExpression,
        value: Value,
        expr: cst.BaseExpression | None = None,
        statement: cst.CSTNode | None = None,
    ) -> None:
        """Bind ``target`` to ``value``; ``expr`` is the assigned expression and
        ``statement`` the assignment, when there are."""
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            if isinstance(value, Seq) and not starred and len(value.items) == len(elements):
                for element, item in zip(elements, value.items):
                    self._bind_target(element, item, statement=statement)
            else:
                item = facts.element_of(value)
                for element in elements:
                    self._bind_target(element, UNKNOWN if starred else item, statement=statement)
            return
        if isinstance(target, cst.StarredElement):
            self._bind_target(target.value, UNKNOWN)
            return
        if isinstance(target, cst.Subscript):
            effects.store_item(self, target, value, statement or target)
            return
        path = dotted(target)
        if path is None:
            return
        owner, _, attribute = path.rpartition(".")
        if owner and attribute == "requires_grad":
            effects.set_requires_grad(self, owner, expr)
            return
        if owner and attribute in ("data", "grad"):
            return  # replaces what the tensor holds, not the tensor
        self.bind(path, value)

    # ------------------------------------------------------------------ the walk

    def run(self) -> list[PendingFinding]:
        self._walk(self.module)
        while self._deferred:
            self._function_body(*self._deferred.popleft())
        for finish in self._finish:
            finish()
        return self.findings

    def _walk(self, node: cst.CSTNode) -> None:
        node_type = type(node)
        handler = _HANDLERS.get(node_type)
        if handler is _SELF_DISPATCHED:
            _function_def(self, node)
            return
        visits = self._visit.get(node_type)
        if visits:
            for visit in visits:
                visit(node)
        if handler is not None:
            handler(self, node)
        else:
            for name in child_fields(node_type):
                value = getattr(node, name)
                if is_node(value):
                    self._walk(value)
                elif type(value) in (list, tuple):
                    for item in value:
                        if is_node(item):
                            self._walk(item)
        leaves = self._leave.get(node_type)
        if leaves:
            for leave in leaves:
                leave(node)

    def _walk_all(self, nodes: Sequence[cst.CSTNode]) -> None:
        for node in nodes:
            self._walk(node)

    def _enter(self, node: cst.CSTNode) -> None:
        """Rules' visits for a node whose children a handler walks itself."""
        for visit in self._visit.get(type(node), ()):
            visit(node)

    def _exit(self, node: cst.CSTNode) -> None:
        for leave in self._leave.get(type(node), ()):
            leave(node)

    def _function_body(self, node: cst.FunctionDef, parent: Scope, cls: ClassInfo | None, mode: str) -> None:
        saved = (self._scope, self._state, self._function, self._structure)
        self._structure = []
        self._scope = Scope("function", node, parent, cls)
        self._state = State({}, mode)
        self._function = node
        for visit in self._visit.get(cst.FunctionDef, ()):
            visit(node)
        self._bind_parameters(node, cls)
        self._walk(node.body)
        for leave in self._leave.get(cst.FunctionDef, ()):
            leave(node)
        self._scope, self._state, self._function, self._structure = saved

    def _bind_parameters(self, node: cst.FunctionDef, cls: ClassInfo | None) -> None:
        params = node.params
        ordered = list(params.posonly_params) + list(params.params)
        kind = _method_kind(self, node) if cls is not None else None
        for index, param in enumerate(ordered):
            value: Value = UNKNOWN
            if index == 0 and kind == "method":
                value = Instance(cls)
            elif index == 0 and kind == "classmethod":
                value = ClassRef(cls)
            else:
                value = self._annotated(param)
            self.bind(param.name.value, value)
        for param in list(params.kwonly_params):
            self.bind(param.name.value, self._annotated(param))
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.bind(star.name.value, UNKNOWN)

    def _annotated(self, param: cst.Param) -> Value:
        """A parameter annotated with a class of this file, or with a torch layer, holds
        an instance of it (``model: Encoder``, ``conv: nn.Conv2d``)."""
        if param.annotation is None:
            return UNKNOWN
        return facts.instance_of(self, self.value(param.annotation.annotation))

    def _self_attributes(self, info: ClassInfo) -> dict[str, Value]:
        """What each ``self.<attr>`` holds in every method of the class: the join of
        everything assigned to it anywhere in the class, evaluated with nothing known
        of the methods' locals."""
        attributes: dict[str, Value] = {}
        for base in info.bases:
            if isinstance(base, ClassRef) and base.info is not info:
                for name in _assigned_self_attributes(base.info):
                    attributes[name] = base.info.attribute(name)
        own: dict[str, Value] = {}
        saved_state = (self._scope, self._state, self._function, self._noting_saves)
        self._noting_saves = False  # evaluated out of flow: the real walk notes the saves
        try:
            for method in info.methods():
                if _method_kind(self, method) != "method":
                    continue
                self_name = _first_parameter(method)
                if self_name is None:
                    continue
                self._scope = Scope("function", method, info.scope, info)
                self._state = State({}, gradmode.INHERITED)
                for name, expr in _self_assignments(method, self_name):
                    found = facts.evaluate(self, expr)
                    own[name] = found if name not in own else join(own[name], found)
        finally:
            self._scope, self._state, self._function, self._noting_saves = saved_state
        attributes.update(own)
        return attributes


# ---------------------------------------------------------------------- handlers


def _method_kind(analyzer: Analyzer, node: cst.FunctionDef) -> str:
    for decorator in node.decorators:
        name = dotted(decorator.decorator)
        if name in ("staticmethod",):
            return "staticmethod"
        if name in ("classmethod",):
            return "classmethod"
    return "method"


def _first_parameter(node: cst.FunctionDef) -> str | None:
    params = list(node.params.posonly_params) + list(node.params.params)
    return params[0].name.value if params else None


def _self_assignments(method: cst.FunctionDef, self_name: str) -> list[tuple[str, cst.BaseExpression]]:
    found: list[tuple[str, cst.BaseExpression]] = []
    for stmt in walk_statements(method.body):
        if isinstance(stmt, cst.Assign):
            for target in stmt.targets:
                name = _self_attribute(target.target, self_name)
                if name is not None:
                    found.append((name, stmt.value))
        elif isinstance(stmt, cst.AnnAssign) and stmt.value is not None:
            name = _self_attribute(stmt.target, self_name)
            if name is not None:
                found.append((name, stmt.value))
        elif isinstance(stmt, cst.Expr) and isinstance(stmt.value, cst.Call):
            registered = _registered_attribute(stmt.value, self_name)
            if registered is not None:
                found.append(registered)
    return found


def _registered_attribute(call: cst.Call, self_name: str) -> tuple[str, cst.BaseExpression] | None:
    """``self.register_parameter("w", value)`` / ``register_buffer``: the name and value."""
    func = call.func
    if not (
        isinstance(func, cst.Attribute)
        and func.attr.value in ("register_parameter", "register_buffer")
        and isinstance(func.value, cst.Name)
        and func.value.value == self_name
    ):
        return None
    name = argument(call, 0, "name")
    value = argument(call, 1, "param" if func.attr.value == "register_parameter" else "tensor")
    if name is None or value is None or not isinstance(name.value, cst.SimpleString):
        return None
    return str(name.value.evaluated_value), value.value


def _assigned_self_attributes(info: ClassInfo) -> list[str]:
    names: list[str] = []
    for method in info.methods():
        self_name = _first_parameter(method)
        if self_name is not None:
            names.extend(name for name, _ in _self_assignments(method, self_name))
    return names


def _self_attribute(target: cst.BaseExpression, self_name: str) -> str | None:
    if (
        isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and target.value.value == self_name
    ):
        return target.attr.value
    return None


def _module(a: Analyzer, node: cst.Module) -> None:
    a._walk_all(node.body)


def _block(a: Analyzer, node: cst.IndentedBlock | cst.SimpleStatementSuite) -> None:
    outer = a._block
    a._block = node
    a._walk_all(node.body)
    a._block = outer


def _statement_line(a: Analyzer, node: cst.SimpleStatementLine) -> None:
    outer = a._line
    a._line = node
    a._walk_all(node.body)
    a._line = outer


def _function_def(a: Analyzer, node: cst.FunctionDef) -> None:
    """At the definition: decorators, defaults and annotations run now; the body later."""
    a._walk_all(node.decorators)
    a._walk(node.name)
    a._walk(node.params)
    if node.returns is not None:
        a._walk(node.returns)
    mode = gradmode.INHERITED
    for decorator in reversed(node.decorators):
        found = _decorator_mode(a, decorator.decorator)
        if found is not None:
            mode = gradmode.enter(mode, found)
    cls = a._scope.cls if a._scope.kind == "class" else None
    if cls is not None and node.name.value == "forward" and QualName(gradmode.AUTOGRAD_FUNCTION) in cls.bases:
        mode = gradmode.DISABLED  # torch runs a custom autograd Function's forward under no_grad
    a.bind(node.name.value, FunctionRef(node))
    a._deferred.append((node, a._scope, cls, mode))


def _decorator_mode(a: Analyzer, expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.Call):
        return gradmode.decorator_mode(a.qualname(expr.func), dotted(expr.func), expr)
    return gradmode.decorator_mode(a.qualname(expr), dotted(expr), None)


def _class_def(a: Analyzer, node: cst.ClassDef) -> None:
    a._walk_all(node.decorators)
    a._walk(node.name)
    bases: list[Value] = []
    for arg in node.bases:
        a._walk(arg)
        bases.append(a.value(arg.value))
    a._walk_all(node.keywords)
    info = ClassInfo(node, a._scope, bases, a)
    saved = (a._scope, a._state)
    a._scope = Scope("class", node, saved[0], info)
    a._state = State({}, saved[1].grad)
    a._walk(node.body)
    a._scope, a._state = saved
    a.bind(node.name.value, ClassRef(info))


def _if(a: Analyzer, node: cst.If) -> None:
    a._walk(node.test)
    before = a._state
    a._state = before.copy()
    a._within(("branch", node, "body"), node.body)
    after_body = a._state
    a._state = before
    a._within(("branch", node, "orelse"), node.orelse)
    a._state = after_body.join(a._state)


def _loop_entry(a: Analyzer, body: cst.BaseSuite, also: set) -> None:
    """Forget, at the head of a loop, what a later iteration may see differently: what
    the body rebinds, and what it writes in place unless that is a tensor that requires
    grad (an in-place write keeps it the same tensor, requiring grad; only a tensor
    without grad may change, by joining the graph)."""
    rebound, written = assigned_and_augmented(body)
    kept = set()
    for path in written:
        value = a.lookup(path)
        if isinstance(value, Tensor) and value.requires_grad:
            kept.add(path)
    a._state.forget(rebound | (written - kept) | also)


def _for(a: Analyzer, node: cst.For) -> None:
    a._walk(node.iter)
    element = facts.element_of(a.value(node.iter))
    _loop_entry(a, node.body, set(target_paths(node.target)))
    entry = a._state.copy()
    a._walk(node.target)
    a._bind_target(node.target, element)
    a._within(("loop", node), node.body)
    a._state = entry.join(a._state)
    if node.orelse is not None:
        a._walk(node.orelse)


def _while(a: Analyzer, node: cst.While) -> None:
    _loop_entry(a, node.body, set())
    entry = a._state.copy()
    a._structure.append(("loop", node))
    a._walk(node.test)
    a._walk(node.body)
    a._structure.pop()
    a._state = entry.join(a._state)
    if node.orelse is not None:
        a._walk(node.orelse)


def _try(a: Analyzer, node: cst.Try | cst.TryStar) -> None:
    before = a._state.copy()
    a._walk(node.body)
    after_body = a._state
    handler_entry = before.join(after_body)
    handler_entry.forget(assigned_paths(node.body))
    exits: list[State] = []
    for handler in node.handlers:
        a._state = handler_entry.copy()
        a._enter(handler)
        if handler.type is not None:
            a._walk(handler.type)
        if handler.name is not None:
            a._walk(handler.name)
            a._bind_target(handler.name.name, UNKNOWN)
        a._within(("branch", node, f"handler{len(exits)}"), handler.body)
        a._exit(handler)
        exits.append(a._state)
    a._state = after_body
    if node.orelse is not None:
        a._walk(node.orelse)
    merged = a._state
    for state in exits:
        merged = merged.join(state)
    a._state = merged
    if node.finalbody is not None:
        a._walk(node.finalbody)


def _with(a: Analyzer, node: cst.With) -> None:
    outer = a._state.grad
    mode = outer
    switched = False
    for item in node.items:
        a._walk(item)
        found = _context_mode(a, item.item)
        if found is not None:
            mode = gradmode.enter(mode, found)
            switched = True
        if item.asname is not None:
            a._bind_target(item.asname.name, UNKNOWN)
    if switched:
        a._state.grad = mode
    a._walk(node.body)
    if switched and not a._state.dead:
        a._state.grad = outer


def _context_mode(a: Analyzer, expr: cst.BaseExpression) -> str | None:
    """The grad mode a ``with`` item switches to, None when it is not a grad-mode object."""
    if isinstance(expr, cst.Call):
        return gradmode.context_mode(a.qualname(expr.func), expr)
    if isinstance(expr, cst.IfExp):
        modes = [_context_mode(a, expr.body), _context_mode(a, expr.orelse)]
        if modes == [None, None]:
            return None
        current = a._state.grad
        first, second = (gradmode.enter(current, m or gradmode.KEEP) for m in modes)
        return gradmode.join(first, second)
    found = a.value(expr)
    if isinstance(found, GradModeContext):
        return found.mode
    return None


def _assign(a: Analyzer, node: cst.Assign) -> None:
    a._walk(node.value)
    for target in node.targets:
        a._walk(target)
    value = a.value(node.value)
    for target in node.targets:
        a._bind_target(target.target, value, node.value, node)
        if a.keeps_timeline:
            training.note_optimizer(a, target.target, value)
    if a.keeps_timeline:
        training.observe_assign(a, node)


def _ann_assign(a: Analyzer, node: cst.AnnAssign) -> None:
    a._walk(node.annotation)
    if node.value is not None:
        a._walk(node.value)
    a._walk(node.target)
    if node.value is not None:
        a._bind_target(node.target, a.value(node.value), node.value, node)


def _aug_assign(a: Analyzer, node: cst.AugAssign) -> None:
    a._walk(node.target)
    a._walk(node.value)
    effects.augmented_assignment(a, node)


def _named_expr(a: Analyzer, node: cst.NamedExpr) -> None:
    a._walk(node.value)
    a._walk(node.target)
    a._bind_target(node.target, a.value(node.value))


def _call(a: Analyzer, node: cst.Call) -> None:
    name = call_name(node)
    if name is not None:
        a._calls.setdefault(name, []).append(CallSite(a._state.grad, a._function, a.structure))
    a._walk(node.func)
    a._walk_all(node.args)
    effects.call_effects(a, node)


def _dead_after(a: Analyzer, node: cst.CSTNode) -> None:
    a._walk_all(children(node))
    a._state.dead = True


def _delete(a: Analyzer, node: cst.Del) -> None:
    a._walk(node.target)
    for path in target_paths(node.target):
        a.bind(path, UNKNOWN)


def _global(a: Analyzer, node: cst.Global) -> None:
    a._walk_all(node.names)
    for item in node.names:
        a._scope.globals.add(item.name.value)


def _import(a: Analyzer, node: cst.Import) -> None:
    a._walk_all(node.names)
    for alias in node.names:
        full = dotted(alias.name)
        if full is None:
            continue
        if alias.asname is not None:
            a._bind_target(alias.asname.name, QualName(canonical(full)))
        else:
            root = full.split(".")[0]
            a.bind(root, QualName(root))


def _import_from(a: Analyzer, node: cst.ImportFrom) -> None:
    a._walk_all(children(node))
    if isinstance(node.names, cst.ImportStar):
        return
    module = None if node.relative or node.module is None else dotted(node.module)
    for alias in node.names:
        name = alias.name.value if isinstance(alias.name, cst.Name) else dotted(alias.name)
        bound = alias.asname.name if alias.asname is not None else alias.name
        value: Value = QualName(canonical(f"{module}.{name}")) if module else UNKNOWN
        a._bind_target(bound, value)


def _lambda(a: Analyzer, node: cst.Lambda) -> None:
    a._walk(node.params)
    saved = a._state
    a._state = saved.copy()
    for param in _lambda_names(node.params):
        a.bind(param, UNKNOWN)
    a._walk(node.body)
    a._state = saved


def _lambda_names(params: cst.Parameters) -> list[str]:
    names = [
        p.name.value for p in list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
    ]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _comprehension(a: Analyzer, node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp) -> None:
    saved = a._state
    a._state = saved.copy()
    for_in: cst.CompFor | None = node.for_in
    while for_in is not None:
        a._enter(for_in)
        a._walk(for_in.iter)
        a._walk(for_in.target)
        a._bind_target(for_in.target, facts.element_of(a.value(for_in.iter)))
        a._walk_all(for_in.ifs)
        a._exit(for_in)
        for_in = for_in.inner_for_in
    if isinstance(node, cst.DictComp):
        a._walk(node.key)
        a._walk(node.value)
    else:
        a._walk(node.elt)
    a._state = saved


def _match(a: Analyzer, node: cst.Match) -> None:
    a._walk(node.subject)
    before = a._state
    merged = before.copy()
    for case in node.cases:
        a._state = before.copy()
        a._enter(case)
        a._walk(case.pattern)
        a._state.forget(_pattern_names(case.pattern))
        if case.guard is not None:
            a._walk(case.guard)
        a._within(("branch", node, f"case{node.cases.index(case)}"), case.body)
        a._exit(case)
        merged = merged.join(a._state)
    a._state = merged


def _pattern_names(pattern: cst.CSTNode) -> set:
    names = set()
    for node in descendants(pattern):
        if isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
            names.add(node.name.value)
        elif isinstance(node, cst.MatchMapping) and node.rest is not None:
            names.add(node.rest.value)
    return names


_SELF_DISPATCHED = object()  # FunctionDef: rules see it when its body is walked

_HANDLERS: dict[type, object] = {
    cst.Module: _module,
    cst.IndentedBlock: _block,
    cst.SimpleStatementSuite: _block,
    cst.SimpleStatementLine: _statement_line,
    cst.FunctionDef: _SELF_DISPATCHED,
    cst.ClassDef: _class_def,
    cst.If: _if,
    cst.For: _for,
    cst.While: _while,
    cst.Try: _try,
    cst.TryStar: _try,
    cst.With: _with,
    cst.Assign: _assign,
    cst.AnnAssign: _ann_assign,
    cst.AugAssign: _aug_assign,
    cst.NamedExpr: _named_expr,
    cst.Call: _call,
    cst.Return: _dead_after,
    cst.Raise: _dead_after,
    cst.Break: _dead_after,
    cst.Continue: _dead_after,
    cst.Del: _delete,
    cst.Global: _global,
    cst.Import: _import,
    cst.ImportFrom: _import_from,
    cst.Lambda: _lambda,
    cst.ListComp: _comprehension,
    cst.SetComp: _comprehension,
    cst.GeneratorExp: _comprehension,
    cst.DictComp: _comprehension,
    cst.Match: _match,
}

__all__ = ["Analyzer", "ClassInfo", "PendingFinding", "children", "PLAIN", "Tensor"]
