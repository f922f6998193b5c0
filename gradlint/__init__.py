"""gradlint: a static linter for PyTorch autograd misuse.

``gradlint.lint(text, path=...)`` lints a text and returns its findings as plain data
(frozen dataclasses: ``dataclasses.asdict`` turns one into a dict); see
:func:`gradlint.api.lint`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"
__all__ = ["Edit", "Finding", "Fix", "Location", "__version__", "lint"]

if TYPE_CHECKING:
    from gradlint.api import lint
    from gradlint.diagnostics import Edit, Finding, Fix, Location


def __getattr__(name: str) -> Any:
    """The API is imported on first use: ``import gradlint`` alone stays cheap."""
    if name == "lint":
        from gradlint.api import lint

        return lint
    if name in ("Edit", "Finding", "Fix", "Location"):
        from gradlint import diagnostics

        return getattr(diagnostics, name)
    raise AttributeError(f"module 'gradlint' has no attribute {name!r}")
