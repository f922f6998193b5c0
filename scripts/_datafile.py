"""Shared by the scripts that learn gradlint's data from torch: write the file, or
compare it with what the installed torch says (``--check``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Callable


def write_or_check(
    description: str,
    output: Path,
    generate: Callable[[], dict],
    differences: Callable[[dict, dict], list[str]],
    summary: Callable[[dict], str],
) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed file instead of writing"
    )
    args = parser.parse_args()
    fresh = generate()
    if args.check:
        found = differences(json.loads(output.read_text(encoding="utf-8")), fresh)
        for line in found:
            print(line)
        return 1 if found else 0
    output.write_text(json.dumps(fresh, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(summary(fresh))
    return 0
