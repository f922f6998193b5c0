"""Rewrite the rule table in README.md from the rules' docstrings.

python scripts/update_readme.py          # rewrite
python scripts/update_readme.py --check  # exit 1 if the README is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from gradlint.catalog import README_END, README_START, rule_table_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def updated(text: str) -> str:
    start = text.index(README_START) + len(README_START)
    end = text.index(README_END)
    return text[:start] + "\n" + rule_table_markdown() + text[end:]


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("README.md's rule table is stale: run python scripts/update_readme.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
