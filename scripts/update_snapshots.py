"""Write (or check) the snapshot of every rule fixture: the linter's full output.

python scripts/update_snapshots.py          # rewrite rules/*/*.txt
python scripts/update_snapshots.py --check  # exit 1 and name the stale ones

A changed message, column or fix shows up as a diff of these files in review.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gradlint.fixtures import load_fixtures, snapshot, snapshot_path
from gradlint.linter import lint_text
from gradlint.rules import CHECKS

RULES = Path(__file__).resolve().parent.parent / "rules"


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for fixture in load_fixtures(RULES):
        rendered = snapshot(
            fixture, lint_text(fixture.text, str(fixture.path.relative_to(RULES.parent)), CHECKS)
        )
        path = snapshot_path(fixture.path)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == rendered:
            continue
        stale.append(fixture.id)
        if not check:
            path.write_text(rendered, encoding="utf-8")
    if check and stale:
        print("stale snapshots (run python scripts/update_snapshots.py):", *stale, sep="\n  ")
        return 1
    if not check:
        print(f"{len(stale)} snapshot(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
