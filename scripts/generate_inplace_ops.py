"""Generate gradlint/data/inplace_ops.json from the installed torch.

    python scripts/generate_inplace_ops.py            # write the file
    python scripts/generate_inplace_ops.py --check    # exit 1, naming differences

The linter never imports torch; this script and the test that runs it with --check do.
"""

from __future__ import annotations

import inspect
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _datafile import write_or_check  # noqa: E402

OUTPUT = Path(__file__).resolve().parent.parent / "gradlint" / "data" / "inplace_ops.json"

# Methods whose names end in one "_" but that write no tensor data, so autograd lets
# them run on a leaf that requires grad (checked by tests/test_inplace_data.py).
NO_DATA_WRITE = {
    "requires_grad_": "sets the requires_grad flag",
    "share_memory_": "moves the storage to shared memory, same values",
    "detach_": "detaches the tensor from the graph; allowed on leaves",
}


def _trailing_underscore(names: list[str]) -> list[str]:
    return sorted(n for n in names if n.endswith("_") and not n.endswith("__") and not n.startswith("_"))


def generate() -> dict[str, object]:
    warnings.simplefilter("ignore")
    import torch
    import torch.nn.functional as F
    import torch.nn.init as init

    tensor_methods = [n for n in _trailing_underscore(dir(torch.Tensor)) if n not in NO_DATA_WRITE]
    torch_functions = [n for n in _trailing_underscore(dir(torch)) if n not in NO_DATA_WRITE]
    functional = [n for n in _trailing_underscore(dir(F)) if callable(getattr(F, n))]
    inplace_flag: dict[str, int] = {}
    for name in sorted(dir(F)):
        obj = getattr(F, name)
        if name.startswith("_") or not callable(obj):
            continue
        try:
            parameters = list(inspect.signature(obj).parameters)
        except (TypeError, ValueError):
            continue
        if "inplace" in parameters:
            inplace_flag[name] = parameters.index("inplace")
    return {
        "torch_version": torch.__version__.split("+")[0],
        "tensor_methods": tensor_methods,
        "torch_functions": torch_functions,
        "functional_functions": functional,
        "functional_inplace_flag": inplace_flag,
        "no_data_write": sorted(NO_DATA_WRITE),
        "init_functions": _trailing_underscore(dir(init)),
    }


def differences(committed: dict[str, object], fresh: dict[str, object]) -> list[str]:
    found = []
    for key in sorted(set(committed) | set(fresh)):
        if key == "torch_version":
            continue
        old, new = committed.get(key), fresh.get(key)
        if isinstance(old, list) and isinstance(new, list):
            for name in sorted(set(new) - set(old)):
                found.append(f"{key}: {name} is in torch but not in the committed table")
            for name in sorted(set(old) - set(new)):
                found.append(f"{key}: {name} is in the committed table but not in torch")
        elif old != new:
            found.append(f"{key}: committed {old!r}, torch says {new!r}")
    return found


def main() -> int:
    return write_or_check(
        __doc__.splitlines()[0],
        OUTPUT,
        generate,
        differences,
        lambda fresh: f"wrote {OUTPUT} from torch {fresh['torch_version']}",
    )


if __name__ == "__main__":
    sys.exit(main())
