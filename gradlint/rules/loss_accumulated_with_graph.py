from __future__ import annotations

from gradlint.oracles import GraphAccumulated
from gradlint.rule import FIX_SOMETIMES, Rule


class LossAccumulatedWithGraph(Rule):
    """A running loss total, kept for logging, that adds the loss tensor itself and so
    keeps every iteration's graph alive.

    ## What it does
    Flags, inside a loop that trains or evaluates a model, an accumulation of a loss
    that requires grad into a total that is only logged: `total_loss += loss`,
    `epoch_loss += loss * x.size(0)`, `smooth = beta * smooth + (1 - beta) * loss`,
    `losses.append(loss)` (later averaged with `sum(losses) / len(losses)`,
    `torch.stack(...).mean().item()` or printed), on a local name or a `self.`
    attribute (a trainer's `self.running_loss`, a Lightning module's
    `self.training_step_outputs`), and in a meter's `update()` when it is called with
    the loss tensor (`meter.update(loss, n)` adding `val * n` to `self.sum`).

    Not flagged: `loss.item()`, `loss.detach()`; totals computed under
    `torch.no_grad()`/`inference_mode()`; a total that is backpropagated (micro-batch
    losses summed into one objective, `total.backward()` after the loop, a seq2seq
    decoder's per-step losses, a list of task losses stacked into one `backward()`).

    ## Why is this bad?
    Each `+=` makes a node that holds the previous total's node and this iteration's
    loss node, so the graph of every iteration stays reachable from the total until the
    total is dropped. With `backward()` in the loop those nodes are small but never
    freed; in a loop without `backward()` (validation without `torch.no_grad()`) they
    keep every batch's activations too, and memory grows batch after batch until the
    device runs out (the PyTorch FAQ's "Don't accumulate history across your training
    loop").

    ## Example
    ```python
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss
    print(total_loss / len(loader))
    ```

    ## Use instead
    ```python
    total_loss = 0
    for x, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    print(total_loss / len(loader))
    ```

    ## Runtime behaviour
    Nothing is raised. The total has a `grad_fn` (`AddBackward0`) and the number of
    autograd nodes reachable from it grows by one iteration's graph each time (12, 20,
    28, 36, 44 nodes over five batches of the FAQ loop in the fixtures, measured with
    torch 2.13 and 2.14). Without `backward()` in the loop the saved activations stay too: a
    `Linear(64, 1)` on batches of 256 keeps 65 KiB more per batch. `float(loss)` on a
    tensor that requires grad warns on torch 2.13 and 2.14 (`UserWarning: Converting a tensor
    with requires_grad=True to a scalar may lead to unexpected behavior.`); `loss.item()`
    does not.

    ## Fix safety
    Where the total is only used for logging, the safe fix adds `.detach()` to what is
    accumulated (`total_loss += loss.detach()`, `losses.append(loss.detach())`): every
    logged value is the same, only the graph is dropped. `.item()` would also do, but
    changes the total from a tensor to a float (and syncs with the device each step), so
    it is not applied automatically.
    """

    code = "GL109"
    name = "loss-accumulated-with-graph"
    needs = ("+", "append", "extend", "insert", "add")
    fix_availability = FIX_SOMETIMES
    oracle = GraphAccumulated()
