from __future__ import annotations

from gradlint.oracles import ExceptionAtLine
from gradlint.rule import Rule


class BackwardTwice(Rule):
    """A second backward pass through a graph that an earlier one already freed.

    ## What it does
    Flags a `backward()` (or `torch.autograd.grad()`) whose graph shares nodes with one
    that was already backpropagated without `retain_graph=True`: the same loss twice
    (a `backward()` helper plus a leftover `loss.backward()`); two losses from one
    forward pass, each backpropagated (multi-task heads, actor and critic on a shared
    trunk, a GAN generator step through `D(fake)` after a discriminator step that did
    not detach `fake`); `torch.autograd.grad()` without `create_graph`/`retain_graph`
    followed by a backward through the same network (a gradient penalty); a forward
    pass computed before a loop whose body calls `backward()`; a loss that carries the
    previous iteration's graph (an exponential moving average of the loss used as the
    objective); and the recurrent case, truncated BPTT done wrong, where a hidden state
    returned by an RNN/LSTM/GRU, or kept on the module as `self.hidden`, is fed to the
    next iteration without `.detach()`.

    Not flagged: `retain_graph=True` on every backward but the last; losses summed
    before one `backward()`; the forward recomputed in the loop, or computed once under
    `torch.no_grad()` (a frozen encoder); hidden states detached (`h.detach()`,
    `repackage_hidden`); `fake.detach()` in the discriminator step;
    `torch.autograd.grad(..., create_graph=True)`; two forward passes each with its own
    backward (SAM); L-BFGS closures.

    ## Why is this bad?
    `backward()` frees the tensors each node saved for the backward pass as soon as it
    has used them. A second pass through any of those nodes has nothing to compute
    with, so it stops the run; in truncated BPTT it fails on the second batch.

    ## Example
    ```python
    hidden = model.init_hidden(batch_size)
    for data, targets in batches:
        optimizer.zero_grad()
        output, hidden = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        optimizer.step()
    ```

    ## Use instead
    ```python
    hidden = model.init_hidden(batch_size)
    for data, targets in batches:
        hidden = tuple(h.detach() for h in hidden)
        optimizer.zero_grad()
        output, hidden = model(data, hidden)
        loss = criterion(output, targets)
        loss.backward()
        optimizer.step()
    ```

    ## Runtime behaviour
    At the second backward (torch 2.13, 2.14): `RuntimeError: Trying to backward through the
    graph a second time (or directly access saved tensors after they have already been
    freed). Saved intermediate values of the graph are freed when you call .backward()
    or autograd.grad(). Specify retain_graph=True if you need to backward through the
    graph a second time or if you need to access saved tensors after calling backward.`
    The error needs a node that saved a tensor: a graph made only of additions, sums and
    views (`(w + 1).sum()`) can be backpropagated twice without error, and its
    gradients are then simply added twice.

    ## Fix safety
    No automatic fix: `retain_graph=True` silences the error but is wrong for the
    recurrent case (every backward then runs through all earlier batches, and memory
    grows), and whether to detach, sum the losses or recompute the forward pass depends
    on what the author meant.
    """

    code = "GL108"
    name = "backward-twice"
    needs = ("backward", "grad(")
    oracle = ExceptionAtLine(("RuntimeError",), r"Trying to backward through the graph a second time")
