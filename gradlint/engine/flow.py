"""The flow walk: each function's body (and the module's) walked once, in source
order, over values with identity, consulting callee summaries at calls.

:class:`Analysis` drives one file: it builds the program model, walks the module,
then every function not walked yet, and makes each function's summary the first time
a call needs it (so callees are walked before their callers' walks go on). Functions
see every binding of their enclosing scopes made so far, like pyflakes' deferred
function bodies. What each walk observed is its event stream; the streams, the
summaries and the model are what :mod:`gradlint.engine.facts` answers questions from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, cast

import libcst as cst

from gradlint.engine import gradmode, model, torch_api
from gradlint.engine.evaluate import Evaluator, Scope, literal, narrow
from gradlint.engine.events import TRAINING, Event, Exit, LoopCarry, Return, Stream, WithItem
from gradlint.engine.model import POSITIONAL, STAR, STARSTAR, ClassInfo, FunctionInfo, ProgramModel
from gradlint.engine.names import canonical, dotted
from gradlint.engine.scan import assigned_and_augmented, assigned_paths, target_paths
from gradlint.engine.state import MISSING, Delta, State
from gradlint.engine.summaries import ClassSummary, FunctionSummary, rekeyed_saves
from gradlint.engine.values import (
    ABSENT,
    INT,
    PLAIN,
    UNKNOWN,
    ClassRef,
    Const,
    FunctionRef,
    GradModeContext,
    Instance,
    Layer,
    Origin,
    Param,
    QualName,
    Tensor,
    Value,
    deps_of,
    join,
    requires_grad_of,
)

_ALLOW_MUTATION = "torch.autograd.graph.allow_mutation_on_saved_tensors"
#: the "classes" of a narrowing on ``x.requires_grad``
_REQUIRES_GRAD: tuple = ("requires_grad",)


class Walker(Evaluator):
    """Statements: one function's body or the module's."""

    def __init__(self, analysis: Analysis, function: FunctionInfo | None, scope: Scope, state: State) -> None:
        super().__init__(analysis, function, scope, state, analysis.module)
        self.analysis = analysis
        self.returns: list[Value] = []
        self.generator = False

    # ------------------------------------------------------------------ blocks

    def walk_block(self, body: object) -> None:
        outer = self.block
        if isinstance(body, cst.SimpleStatementSuite):
            self.block = body
            for small in body.body:
                self.small(small)
            self.block = outer
            return
        if isinstance(body, cst.IndentedBlock):
            self.block = body
            statements = body.body
        elif isinstance(body, cst.Module):
            self.block = body
            statements = body.body
        else:
            statements = body  # type: ignore[assignment]
        for statement in statements:
            self.statement_(statement)
        self.block = outer

    def statement_(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            outer = self.statement
            self.statement = node
            for small in node.body:
                self.small(small)
            self.statement = outer
            return
        handler = _COMPOUND.get(type(node))
        if handler is not None:
            handler(self, node)

    def small(self, node: cst.BaseSmallStatement) -> None:
        handler = _SMALL.get(type(node))
        if handler is not None:
            handler(self, node)

    def _within(self, frame: tuple, body: object) -> None:
        self.structure.append(frame)
        self.walk_block(body)
        self.structure.pop()

    # ------------------------------------------------------------------ small statements

    def _expr(self, node: cst.Expr) -> None:
        self._expression_statement = node.value
        self.value(node.value)
        self._expression_statement = None

    def _assign(self, node: cst.Assign) -> None:
        found = self.value(node.value)
        for target in node.targets:
            self.bind_target(target.target, _named(found, target.target, self), node.value, node)

    def _ann_assign(self, node: cst.AnnAssign) -> None:
        if node.value is None:
            return
        found = self.value(node.value)
        self.bind_target(node.target, _named(found, node.target, self), node.value, node)

    def _aug_assign(self, node: cst.AugAssign) -> None:
        self.augmented(node)

    def _return(self, node: cst.Return) -> None:
        found = self.value(node.value) if node.value is not None else PLAIN
        if not self.state.dead:
            self.emit(Return, node, value=found)
            self.emit(Exit, node, kind="return")
            self.returns.append(found)
        self.state.dead = True

    def _raise(self, node: cst.Raise) -> None:
        if node.exc is not None:
            self.value(node.exc)
        if node.cause is not None:
            self.value(node.cause.item)
        self.emit(Exit, node, kind="raise")
        self.state.dead = True

    def _jump(self, node: cst.CSTNode) -> None:
        self.emit(Exit, node, kind="break" if isinstance(node, cst.Break) else "continue")
        self.state.dead = True

    def _assert(self, node: cst.Assert) -> None:
        self.value(node.test)
        if node.msg is not None:
            self.value(node.msg)

    def _delete(self, node: cst.Del) -> None:
        for path in target_paths(node.target):
            self.bind(path, UNKNOWN)

    def _global(self, node: cst.Global) -> None:
        for item in node.names:
            self.scope.globals.add(item.name.value)

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            if full is None:
                continue
            if alias.asname is not None:
                self.bind_target(cast(cst.BaseExpression, alias.asname.name), QualName(canonical(full)))
            else:
                root = full.split(".")[0]
                self.bind(root, QualName(root))

    def _import_from(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        module = None if node.relative or node.module is None else dotted(node.module)
        for alias in node.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else dotted(alias.name)
            bound = alias.asname.name if alias.asname is not None else alias.name
            found: Value = QualName(canonical(f"{module}.{name}")) if module else UNKNOWN
            self.bind_target(cast(cst.BaseExpression, bound), found)

    # ------------------------------------------------------------------ compound statements

    def _function_def(self, node: cst.FunctionDef) -> None:
        """At the definition: decorators and defaults run now; the body later."""
        for decorator in node.decorators:
            self.value(decorator.decorator)
        for param in model._params(node):
            if param.default is not None:
                self.value(param.default)
        info = self.analysis.model.function(node)
        self.analysis.def_modes[id(node)] = self._decorated_mode(info)
        self.bind(node.name.value, FunctionRef(info))

    def _decorated_mode(self, info: FunctionInfo) -> str:
        mode = gradmode.INHERITED
        for decorator in reversed(info.node.decorators):
            expr = decorator.decorator
            func = expr.func if isinstance(expr, cst.Call) else expr
            found = gradmode.decorator_mode(
                self.qualname(func), dotted(func), expr if isinstance(expr, cst.Call) else None
            )
            if found is not None:
                mode = gradmode.enter(mode, found)
        if (
            info.cls is not None
            and info.name == "forward"
            and gradmode.AUTOGRAD_FUNCTION in info.cls.torch_bases()
        ):
            mode = gradmode.DISABLED  # torch runs a custom autograd Function's forward under no_grad
        return mode

    def _class_def(self, node: cst.ClassDef) -> None:
        for decorator in node.decorators:
            self.value(decorator.decorator)
        for arg in node.bases:
            self.value(arg.value)
        info = self.analysis.model.class_of_node(node)
        outer_scope, outer_state = self.scope, self.state
        self.scope = Scope("class", outer_scope)
        self.state = State(outer_state.grad)
        self.walk_block(node.body)
        self.scope, self.state = outer_scope, outer_state
        self.bind(node.name.value, ClassRef(info))

    def _if(self, node: cst.If) -> None:
        self.value(node.test)
        narrowed = self._narrowings(node.test)
        condition = self._condition(node.test)
        deltas = []
        narrowings: list[dict] = []
        for positive, body, label in ((True, node.body, "body"), (False, node.orelse, "orelse")):
            mark = self.state.checkpoint()
            applied = self._narrow(narrowed, positive)
            guards = self._guards(node.test, positive)
            self.guards.extend(guards)
            if body is not None:
                held = (condition[0], condition[1], condition[2] == positive) if condition else None
                self.structure.append(("branch", node, label, held))
                if isinstance(body, cst.If):
                    self.statement_(body)
                elif isinstance(body, cst.Else):
                    self.walk_block(body.body)
                else:
                    self.walk_block(body)
                self.structure.pop()
            del self.guards[len(self.guards) - len(guards) :]
            delta = self.state.rollback(mark)
            deltas.append(delta)
            narrowings.append(applied)
        for index, (delta, applied) in enumerate(zip(deltas, narrowings)):
            if not delta.dead and all(other.dead for other in deltas[:index] + deltas[index + 1 :]):
                continue  # `if isinstance(x, T): return x`: what runs on is the other branch's narrowed x
            for path, (_, placed) in applied.items():
                if delta.values.get(path) is placed:
                    del delta.values[path]  # not rebound in the branch: the narrowing ends here
        self.state.merge(deltas)

    def _narrowings(self, test: cst.BaseExpression) -> list[tuple[str, tuple, bool, bool]]:
        """``isinstance(m, (A, B))``, ``type(m) is A``, ``not ...``: (path, classes,
        positive-when-true, exact) for each narrowing the test makes."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            return [(p, c, not positive, e) for p, c, positive, e in self._narrowings(test.expression)]
        if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
            left, right = self._narrowings(test.left), self._narrowings(test.right)
            if (
                len(left) == 1
                and len(right) == 1
                and left[0][0] == right[0][0]
                and left[0][2]
                and right[0][2]
            ):
                return [(left[0][0], left[0][1] + right[0][1], True, left[0][3] and right[0][3])]
            return []
        if isinstance(test, cst.Attribute) and test.attr.value == "requires_grad":
            path = dotted(test.value)
            return [(path, _REQUIRES_GRAD, True, False)] if path else []
        if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "isinstance":
            if len(test.args) != 2 or self.lookup("isinstance") is not None:
                return []
            path = dotted(test.args[0].value)
            classes = self._classes(test.args[1].value)
            return [(path, classes, True, False)] if path and classes else []
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            subject = test.left
            compare = test.comparisons[0]
            if (
                isinstance(subject, cst.Call)
                and isinstance(subject.func, cst.Name)
                and subject.func.value == "type"
                and len(subject.args) == 1
                and isinstance(
                    compare.operator, (cst.Is, cst.Equal, cst.In, cst.IsNot, cst.NotEqual, cst.NotIn)
                )
            ):
                path = dotted(subject.args[0].value)
                classes = self._classes(compare.comparator)
                positive = isinstance(compare.operator, (cst.Is, cst.Equal, cst.In))
                return [(path, classes, positive, True)] if path and classes else []
        return []

    def _classes(self, expr: cst.BaseExpression) -> tuple:
        elements = [e.value for e in expr.elements] if isinstance(expr, (cst.Tuple, cst.List)) else [expr]
        found: list[object] = []
        for element in elements:
            value = self.value(element)
            if isinstance(value, ClassRef):
                found.append(value.info)
            elif isinstance(value, QualName):
                found.append(value.name)
            else:
                found.append(None)
        return tuple(found)

    def _narrow(self, narrowings: list, positive: bool) -> dict[str, tuple[Value, Value]]:
        applied: dict[str, tuple[Value, Value]] = {}
        for path, classes, when_true, exact in narrowings:
            original = self.lookup(path)
            if original is None:
                continue
            if classes is _REQUIRES_GRAD:
                # `if not loss.requires_grad: return`: what runs on knows it requires grad
                if requires_grad_of(original) is (positive != when_true):
                    self.state.dead = True
                continue
            placed = narrow(self, original, classes, positive == when_true, exact)
            if placed is ABSENT:
                self.state.dead = True  # this branch cannot run for what we know it holds
                continue
            self.state.bind(path, placed)
            applied[path] = (original, placed)
        return applied

    def _condition(self, test: cst.BaseExpression) -> tuple[str, int, bool] | None:
        """``if flag:`` / ``if not args.flag:``: the flag's path, the version of its
        binding, and whether the body runs when it is true. Two branches on one flag not
        rebound in between run together (or exclude each other)."""
        positive = True
        while isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            positive = not positive
            test = test.expression
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            # `if opt is not None:` / `if mode == "train":`: the same test on the same binding
            compared = test.comparisons[0]
            path = dotted(test.left)
            operator = compared.operator
            constant = _constant_text(compared.comparator)
            if (
                path is None
                or constant is None
                or not isinstance(operator, (cst.Is, cst.IsNot, cst.Equal, cst.NotEqual))
            ):
                return None
            if isinstance(operator, (cst.IsNot, cst.NotEqual)):
                positive = not positive
            relation = "is" if isinstance(operator, (cst.Is, cst.IsNot)) else "=="
            return (f"{path} {relation} {constant}", self.state.version(path), positive)
        path = dotted(test)
        if path is None:
            return None
        return (path, self.state.version(path), positive)

    def _guards(self, test: cst.BaseExpression, taken: bool) -> list[tuple[str, bool]]:
        """What the branch taken when ``test`` is ``taken`` says of the parameters the
        caller passes (each a name and whether it is truthy there): ``if flag:``,
        ``if not flag:``, ``if optimizer and clear:`` (both, on its body), ``if a or b:``
        (neither, on its else), and ``if self.training:``
        (:data:`~gradlint.engine.events.TRAINING`) in a module."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            return self._guards(test.expression, not taken)
        if isinstance(test, cst.BooleanOperation):
            both = isinstance(test.operator, cst.And) == taken  # `and` taken, `or` not taken
            if not both:
                return []  # one of the two, we cannot tell which
            return self._guards(test.left, taken) + self._guards(test.right, taken)
        guard = self._guard(test)
        return [(guard, taken)] if guard is not None else []

    def _guard(self, test: cst.BaseExpression) -> str | None:
        """``if flag:`` on a parameter the caller passes (its name), and ``if
        self.training:`` (:data:`~gradlint.engine.events.TRAINING`) in a module."""
        if isinstance(test, cst.Name):
            found = self.lookup(test.value)
            if isinstance(found, Param) and not found.path:
                return found.name
        if (
            isinstance(test, cst.Attribute)
            and test.attr.value == "training"
            and isinstance(test.value, cst.Name)
            and self.function is not None
            and test.value.value == self.function.self_name
        ):
            return TRAINING
        return None

    def _loop_entry(self, body: cst.BaseSuite, also: set) -> None:
        """A loop's body is walked once, as its first iteration runs: with what holds
        before the loop (a write that raises on the first iteration is a bug whatever
        later ones do). A tensor without grad written in place may join the graph in a
        later iteration, so what it is after the loop is not known."""
        _, written = assigned_and_augmented(body)
        unsure = set()
        for path in written:
            found = self.lookup(path)
            if isinstance(found, Tensor) and not found.requires_grad:
                unsure.add(path)
        self.state.forget(unsure | also)

    def _for(self, node: cst.For) -> None:
        iterable = self.value(node.iter)
        element = self.element_of(iterable)
        if _exits_early(node.body):
            element = _each_to_any(element)
        self._loop_entry(node.body, set(target_paths(node.target)))
        mark = self.state.checkpoint()
        self.bind_target(node.target, element)
        self._within(("loop", node), node.body)
        body = self.state.rollback(mark)
        self._note_carried(node, body)
        self.state.merge([_unchanged(self.state), body])
        if node.orelse is not None:
            self.walk_block(node.orelse.body)

    def _note_carried(self, loop: cst.For | cst.While, body: Delta) -> None:
        """What the first iteration leaves for the next that reaches save records."""
        for path, value in body.values.items():
            if value is MISSING:
                continue
            if deps_of(value) or (
                isinstance(value, Instance) and any(deps_of(attr) for attr in value.attrs.values())
            ):
                self.emit(LoopCarry, loop, path=path, value=value)

    def _while(self, node: cst.While) -> None:
        self._loop_entry(node.body, set())
        mark = self.state.checkpoint()
        self.structure.append(("loop", node))
        self.value(node.test)
        self.walk_block(node.body)
        self.structure.pop()
        body = self.state.rollback(mark)
        self._note_carried(node, body)
        self.state.merge([_unchanged(self.state), body])
        if node.orelse is not None:
            self.walk_block(node.orelse.body)

    def _try(self, node: cst.Try | cst.TryStar) -> None:
        mark = self.state.checkpoint()
        self.walk_block(node.body)
        body = self.state.rollback(mark)
        exits: list[Delta] = []
        for index, except_handler in enumerate(node.handlers):
            handler = cast(cst.ExceptHandler, except_handler)
            mark = self.state.checkpoint()
            self.state.merge([_unchanged(self.state), body])
            self.state.forget(assigned_paths(node.body))
            if handler.type is not None:
                self.value(handler.type)
            if handler.name is not None:
                self.bind_target(cast(cst.BaseExpression, handler.name.name), UNKNOWN)
            self._within(("branch", node, f"handler{index}"), handler.body)
            exits.append(self.state.rollback(mark))
        mark = self.state.checkpoint()
        self.state.merge([body])
        if node.orelse is not None:
            self.walk_block(node.orelse.body)
        exits.insert(0, self.state.rollback(mark))
        self.state.merge(exits)
        if node.finalbody is not None:
            self.walk_block(node.finalbody.body)

    def _with(self, node: cst.With) -> None:
        outer = self.state.grad
        mode = outer
        switched = False
        allowed = self.mutation_allowed
        for item in node.items:
            found = self.value(item.item)
            self.emit(WithItem, item, value=found, called=isinstance(item.item, cst.Call))
            context = self._context_mode(item.item, found)
            if context is not None:
                mode = gradmode.enter(mode, context)
                switched = True
            if isinstance(found, QualName) and found.name == _ALLOW_MUTATION + "()":
                self.mutation_allowed = True
            if _accumulates(item.item):
                self.sync_only = ("branch", node, "sync", None)
            if item.asname is not None:
                self.bind_target(cast(cst.BaseExpression, item.asname.name), UNKNOWN)
        if switched:
            self.state.set_grad(mode)
        sync_only = self.sync_only
        self.walk_block(node.body)
        if switched and not self.state.dead:
            self.state.set_grad(outer)
        self.mutation_allowed = allowed
        if sync_only is not None and sync_only[1] is node:
            self.sync_only = None

    def _context_mode(self, expr: cst.BaseExpression, found: Value) -> str | None:
        """The grad mode a ``with`` item switches to, None when it is not a grad-mode object."""
        if isinstance(expr, cst.IfExp):
            modes = [self._context_mode(expr.body, UNKNOWN), self._context_mode(expr.orelse, UNKNOWN)]
            if modes == [None, None]:
                return None
            current = self.state.grad
            first, second = (gradmode.enter(current, m or gradmode.KEEP) for m in modes)
            return gradmode.join(first, second)
        if isinstance(expr, cst.Call):
            return gradmode.context_mode(self.qualname(expr.func), expr)
        if isinstance(found, GradModeContext):
            return found.mode
        return None

    def _match(self, node: cst.Match) -> None:
        self.value(node.subject)
        deltas = []
        for index, case in enumerate(node.cases):
            mark = self.state.checkpoint()
            self.state.forget(_pattern_names(case.pattern))
            if case.guard is not None:
                self.value(case.guard)
            self._within(("branch", node, f"case{index}"), case.body)
            deltas.append(self.state.rollback(mark))
        deltas.append(_unchanged(self.state))
        self.state.merge(deltas)

    # ------------------------------------------------------------------ functions

    def bind_parameters(self, info: FunctionInfo) -> None:
        cls = info.cls
        for index, param in enumerate(info.params):
            found: Value
            if index == 0 and cls is not None and info.kind == "method" and param.kind == POSITIONAL:
                found = Instance(cls)
            elif index == 0 and cls is not None and info.kind == "classmethod" and param.kind == POSITIONAL:
                found = ClassRef(cls)
            elif param.kind in (STAR, STARSTAR):
                found = UNKNOWN
            else:
                found = self._annotated(param.annotation) or Param(param.name)
                if found is INT and param.default is not None and not isinstance(param.default, cst.Integer):
                    found = Param(param.name)  # `init_lambda: int = 0.55`: the default belies the hint
            self.bind(param.name, found)

    def _annotated(self, annotation: cst.BaseExpression | None) -> Value | None:
        """A parameter annotated with a class of this file, or with a torch layer, holds
        an instance of it (``model: Encoder``, ``conv: nn.Conv2d``)."""
        if annotation is None:
            return None
        if isinstance(annotation, (cst.SimpleString, cst.ConcatenatedString)):
            return None
        if isinstance(annotation, cst.Name) and annotation.value == "int" and self.lookup("int") is None:
            return INT
        cls = self.value(annotation)
        if isinstance(cls, ClassRef):
            return Instance(cls.info)
        if isinstance(cls, QualName) and cls.name in torch_api.LAYERS:
            parameters, switches = torch_api.LAYERS[cls.name]
            switchable = {name for _, removed in switches.values() for name in removed}
            return Layer(
                cls.name, tuple(p for p in parameters if p not in switchable), origin=Origin("", annotation)
            )
        return None


def _named(found: Value, target: cst.BaseExpression, walker: Walker) -> Value:
    """A tensor or module bound to a name keeps that name for messages."""
    path = dotted(target)
    if path is None:
        return found
    if isinstance(found, Tensor) and (
        found.origin is None or not (found.origin.text or found.origin.parameter)
    ):
        return found.replaced(origin=_renamed(found.origin, path))
    if isinstance(found, Layer) and (found.origin is None or not found.origin.text):
        node = found.origin.node if found.origin is not None else None
        return found.replaced(origin=Origin(path, node))
    return found


def _renamed(origin: Origin | None, text: str) -> Origin:
    if origin is None:
        return Origin(text)
    return Origin(text, origin.node, origin.parameter)


def _accumulates(expr: cst.BaseExpression) -> bool:
    """``accelerator.accumulate(model)``: Accelerate's gradient accumulation block."""
    return (
        isinstance(expr, cst.Call)
        and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value == "accumulate"
        and "accelerat" in (dotted(expr.func.value) or "").lower()
    )


def _unchanged(state: State) -> Delta:
    return Delta({}, state.grad, False)


def _each_to_any(element: Value) -> Value:
    """A loop that may stop early does not reach each element: what one holds."""
    from gradlint.engine.values import OneOf, Seq

    if isinstance(element, OneOf):
        return Seq(element.options, exact=False).any_item()
    return element


def _exits_early(body: cst.BaseSuite) -> bool:
    """``break``, ``return`` or ``raise`` in a loop's body (not in nested loops or functions)."""
    from gradlint.engine.scan import walk_statements

    stack = list(walk_statements(body))
    for node in stack:
        if isinstance(node, (cst.Break, cst.Return, cst.Raise)):
            return True
    return False


def _pattern_names(pattern: cst.CSTNode) -> set:
    from gradlint.engine.tree import descendants

    names = set()
    for node in descendants(pattern):
        if isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
            names.add(node.name.value)
        elif isinstance(node, cst.MatchMapping) and node.rest is not None:
            names.add(node.rest.value)
    return names


_SMALL: dict[type, Callable[[Walker, Any], None]] = {
    cst.Expr: Walker._expr,
    cst.Assign: Walker._assign,
    cst.AnnAssign: Walker._ann_assign,
    cst.AugAssign: Walker._aug_assign,
    cst.Return: Walker._return,
    cst.Raise: Walker._raise,
    cst.Break: Walker._jump,
    cst.Continue: Walker._jump,
    cst.Assert: Walker._assert,
    cst.Del: Walker._delete,
    cst.Global: Walker._global,
    cst.Nonlocal: lambda walker, node: None,
    cst.Import: Walker._import,
    cst.ImportFrom: Walker._import_from,
}

_COMPOUND: dict[type, Callable[[Walker, Any], None]] = {
    cst.FunctionDef: Walker._function_def,
    cst.ClassDef: Walker._class_def,
    cst.If: Walker._if,
    cst.For: Walker._for,
    cst.While: Walker._while,
    cst.Try: Walker._try,
    cst.TryStar: Walker._try,
    cst.With: Walker._with,
    cst.Match: Walker._match,
}


# ---------------------------------------------------------------------- the whole file


@dataclass
class Result:
    """What the analysis of one file found: the model, every walk's events, the
    summaries."""

    model: ProgramModel
    streams: list[Stream]
    summaries: dict[int, FunctionSummary]
    classes: dict[int, ClassSummary]
    module_stream: Stream
    #: every call by the name it ends in (``f(...)``, ``x.f(...)``): grad mode, caller
    calls_by_name: dict[str, list[tuple[str, FunctionInfo | None]]] = field(default_factory=dict)
    #: each module-level name's join over its bindings
    module_bindings: dict[str, Value] = field(default_factory=dict)
    #: each module-level name's value where the module's code ends
    module_final: dict[str, Value] = field(default_factory=dict)
    #: the names each function binds (by its node's id): the others are free in it
    local_names: dict[int, frozenset[str]] = field(default_factory=dict)


class Analysis:
    """The analysis of one file."""

    def __init__(self, module: cst.Module, text: str = "") -> None:
        self.module = module
        self.model = model.build(module, text)
        self.summaries: dict[int, FunctionSummary] = {}
        self.classes: dict[int, ClassSummary] = {}
        self.streams: list[Stream] = []
        self.scopes: dict[int, Scope] = {}
        self.def_modes: dict[int, str] = {}
        self._active: dict[int, Walker] = {}  # walks in progress, by function node id
        self._final_self: dict[int, dict[str, Value]] = {}  # method -> self attributes at its end
        self._filling: set[int] = set()
        self.calls_by_name: dict[str, list[tuple[str, FunctionInfo | None]]] = {}
        self._rekeyed: dict[int, frozenset] = {}
        self.module_scope = Scope("module", None)

    def run(self) -> Result:
        walker = Walker(self, None, self.module_scope, State(gradmode.ENABLED))
        walker.walk_block(self.module)
        module_stream = Stream(None, walker.events)
        final = {name: walker.state.get(name) for name in self.module_scope.bindings}
        for info in list(self.model.functions.values()):
            self.summary(info)
        for cls in list(self.model.classes.values()):
            self.class_summary(cls)
        return Result(
            self.model,
            self.streams,
            self.summaries,
            self.classes,
            module_stream,
            self.calls_by_name,
            self.module_scope.bindings,
            {name: value for name, value in final.items() if value is not None},
            {key: frozenset(scope.bindings) - scope.globals for key, scope in self.scopes.items()},
        )

    def note_call(self, name: str, grad: str, function: FunctionInfo | None) -> None:
        self.calls_by_name.setdefault(name, []).append((grad, function))

    def self_values(self, method: FunctionInfo) -> dict[str, Value]:
        """What ``method`` leaves in ``self``'s attributes (when it has been walked)."""
        return self._final_self.get(id(method.node), {})

    def rekeyed(self, summary: FunctionSummary) -> frozenset:
        key = id(summary.function.node)
        found = self._rekeyed.get(key)
        if found is None:
            found = self._rekeyed[key] = rekeyed_saves(summary.events)
        return found

    # ------------------------------------------------------------------ summaries

    def summary(self, function: FunctionInfo) -> FunctionSummary | None:
        key = id(function.node)
        found = self.summaries.get(key)
        if found is not None:
            return found
        if key in self._active:
            return None  # recursion: the call is opaque
        scope = self._scope_for(function)
        if scope is None:
            return self.summaries.get(key)
        mode = self.def_modes.get(key) or self._mode_without_walk(function)
        own = Scope("function", scope)
        self.scopes[key] = own
        walker = Walker(self, function, own, State(mode))
        self._active[key] = walker
        try:
            walker.bind_parameters(function)
            walker.walk_block(function.node.body)
        finally:
            del self._active[key]
        generator = walker.yields  # a yield met on the walk (one only in dead code is not seen)
        result = UNKNOWN if generator else PLAIN
        if walker.returns:
            result = walker.returns[0]
            for other in walker.returns[1:]:
                result = join(result, other)
            if not walker.state.dead and not generator:
                result = join(result, PLAIN)
        summary = FunctionSummary(function, tuple(walker.events), result, mode)
        self.summaries[key] = summary
        self.streams.append(Stream(function, walker.events))
        self._record_self(function, walker)
        return summary

    def _scope_for(self, function: FunctionInfo) -> Scope | None:
        """The scope a function's body reads free names from: its enclosing function's,
        else the module's (a class body is never an enclosing scope)."""
        parent = function.parent
        if parent is None:
            return self.module_scope
        found = self.scopes.get(id(parent.node))
        if found is None:
            self.summary(parent)
            found = self.scopes.get(id(parent.node))
        return found

    def _mode_without_walk(self, function: FunctionInfo) -> str:
        walker = Walker(self, None, self.module_scope, State(gradmode.ENABLED))
        return walker._decorated_mode(function)

    def _record_self(self, function: FunctionInfo, walker: Walker) -> None:
        cls = function.cls
        self_name = function.self_name
        if cls is None or self_name is None or function.kind != "method":
            return
        written = {w.attribute for w in cls.writes if w.method is function}
        if not written:
            return
        final: dict[str, Value] = {}
        for name in written:
            found = walker.state.get(f"{self_name}.{name}")
            if found is not None:  # `self.w -= ...` writes into w; it does not rebind it
                final[name] = found
        self._final_self[id(function.node)] = final

    # ------------------------------------------------------------------ classes

    def class_summary(self, info: ClassInfo) -> ClassSummary:
        key = id(info.node)
        found = self.classes.get(key)
        if found is not None and key not in self._filling and found.stable:
            return found
        if found is None:
            found = ClassSummary(info)
            self.classes[key] = found
        if key in self._filling:
            return found
        self._filling.add(key)
        try:
            stable = self._fill(found)
        finally:
            self._filling.discard(key)
        found.stable = stable
        return found

    def _fill(self, summary: ClassSummary) -> bool:
        """Each attribute's value after the methods that write it; False when a writer
        was still being walked (the values are those so far). ``__init__`` goes first,
        and each writer walked here sees what the ones before it wrote."""
        info = summary.info
        stable = True
        attributes: dict[str, Value] = {}
        for base in reversed([b for b in info.ancestors() if isinstance(b, ClassInfo)]):
            base_summary = self.class_summary(base)
            attributes.update(base_summary.attributes)
            summary.frozen = summary.frozen or base_summary.frozen
        summary.attributes = attributes
        own: set[str] = set()
        writers = sorted(
            {id(w.method): w.method for w in info.writes}.values(), key=lambda m: m.name != "__init__"
        )
        for method in writers:
            key = id(method.node)
            active = self._active.get(key)
            names = [w.attribute for w in info.writes if w.method is method]
            if active is not None:
                stable = False
                self_name = method.self_name or "self"
                found = {n: active.state.get(f"{self_name}.{n}") for n in names}
                values = {n: v for n, v in found.items() if v is not None}
            else:
                if key not in self._final_self:
                    self.summary(method)
                values = self._final_self.get(key, {})
            for name, value in values.items():
                value = _as_attribute(value, name)
                attributes[name] = value if name not in own else join(attributes[name], value)
                own.add(name)
        return stable


def _as_attribute(found: Value, name: str) -> Value:
    """A module or tensor held as ``self.<name>`` is called that in messages."""
    text = f"self.{name}"
    if isinstance(found, Layer):
        return found.replaced(origin=Origin(text, found.origin.node if found.origin else None))
    if isinstance(found, Tensor):
        return found.replaced(origin=_renamed(found.origin, text))
    return found


def analyze(module: cst.Module, text: str = "") -> Result:
    return Analysis(module, text).run()


__all__ = ["Analysis", "Result", "Walker", "analyze", "requires_grad_of", "Event"]


def _constant_text(node: cst.BaseExpression) -> str | None:
    """A literal's value, spelled one way (``"a"`` and ``'a'`` alike); else None."""
    value = literal(node)
    return repr(value.value) if isinstance(value, Const) else None
