"""`# noqa` and `# gradlint: noqa`: comments only, matched exactly, on the lines Python's
tokenizer sees (Ruff's rules)."""

from __future__ import annotations

import pytest

from gradlint import noqa
from tests.conftest import err, out
from tests.test_cli import finding_lines, write

STATEMENT = "torch.no_grad()"
MESSAGE_START = "GL107 `torch.no_grad()` as a statement"


def reported_lines(result) -> list[int]:
    return [int(m["line"]) for m in finding_lines(out(result))]


# characters that str.splitlines() breaks at but Python's tokenizer does not
NOT_LINE_BREAKS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", NOT_LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_noqa_is_read_from_the_tokenizers_line(tmp_path, gradlint, char):
    """A comment holding a character that str.splitlines() breaks at shifts no line: the
    `# noqa` on the reported line still applies, and only to that line."""
    text = f"import torch\n# a comment with{char}inside\n{STATEMENT}  # noqa: GL107\n{STATEMENT}\n"
    write(tmp_path, "a.py", text.encode("utf-8"))
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [4]


@pytest.mark.parametrize("char", NOT_LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_full_output_shows_the_reported_line(tmp_path, gradlint, char):
    text = f"import torch\nx = 1  # odd{char}comment\n\ndef f(m, x):\n    {STATEMENT}\n    return m(x)\n"
    write(tmp_path, "a.py", text.encode("utf-8"))
    result = gradlint("--output-format", "full", "a.py", cwd=tmp_path, status=1)
    assert out(result).startswith(f"a.py:5:5: {MESSAGE_START}"), out(result)
    assert "\n5 |     torch.no_grad()\n        ^^^^^^^^^^^^^^^\n" in out(result)


def test_lone_carriage_returns_are_line_breaks(tmp_path, gradlint):
    """Old Mac line endings: the tokenizer and the parser both break lines at `\\r`."""
    write(tmp_path, "a.py", f"import torch\r{STATEMENT}  # noqa\r{STATEMENT}\r".encode())
    result = gradlint("--output-format", "full", "a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [3]
    assert "\n3 | torch.no_grad()\n" in out(result)


def test_noqa_in_a_string_suppresses_nothing(tmp_path, gradlint):
    write(
        tmp_path,
        "a.py",
        "import torch\n"
        f'label = "# noqa"; {STATEMENT}\n'
        f"{STATEMENT}; doc = '''\n# noqa\n'''\n"
        f"{STATEMENT}  # noqa\n",
    )
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [2, 3]


@pytest.mark.parametrize(
    "comment, warning",
    [
        (
            "# noqanope",
            "invalid `# noqa` directive: expected `:` followed by a comma-separated list of codes",
        ),
        (
            "# noqa-ish",
            "invalid `# noqa` directive: expected `:` followed by a comma-separated list of codes",
        ),
        ("# noqa:", "invalid `# noqa` directive: expected a comma-separated list of codes"),
        ("# noqa: gl107", "invalid `# noqa` directive: expected a comma-separated list of codes"),
        ("# noqa:: GL107", "invalid `# noqa` directive: expected a comma-separated list of codes"),
    ],
)
def test_a_malformed_directive_suppresses_nothing_and_is_reported(tmp_path, gradlint, comment, warning):
    write(tmp_path, "a.py", f"import torch\n{STATEMENT}  {comment}\n")
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [2]
    assert err(result) == f"gradlint: warning: a.py:2: {warning} (e.g. `# noqa: GL101, GL107`)\n"


def test_file_directive_in_a_string_exempts_nothing(tmp_path, gradlint):
    write(tmp_path, "a.py", f'import torch\nDOC = """\n# gradlint: noqa\n"""\n{STATEMENT}\n')
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [5] and err(result) == ""


def test_file_directive_after_code_exempts_nothing_and_is_reported(tmp_path, gradlint):
    write(tmp_path, "a.py", f"import torch  # gradlint: noqa\n{STATEMENT}\n")
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert reported_lines(result) == [2]
    assert err(result) == (
        "gradlint: warning: a.py:1: `# gradlint: noqa` must be on a line of its own to exempt the file; "
        "for this line alone write `# noqa`\n"
    )


@pytest.mark.parametrize(
    "directive, status",
    [
        ("# gradlint: noqa", 0),
        ("    # GRADLINT: NOQA", 0),
        ("# gradlint: noqa: GL107", 0),
        ("# gradlint: noqa: GL101", 1),
        ("# gradlint: noqa E501", 0),  # no colon: the whole file, as in Ruff
        ("# gradlint: noqanope", 1),
    ],
)
def test_file_directive_on_a_line_of_its_own(tmp_path, gradlint, directive, status):
    write(tmp_path, "a.py", f"import torch\nif True:\n{directive}\n    {STATEMENT}\n")
    result = gradlint("a.py", cwd=tmp_path, status=status)
    assert bool(reported_lines(result)) is bool(status)


def test_directives_in_a_file_that_does_not_parse(tmp_path, gradlint):
    """The parse error is still reported; noqa comments before it are still read."""
    write(tmp_path, "a.py", f"import torch\n{STATEMENT}  # noqa\ndef broken(:\n")
    result = gradlint("a.py", cwd=tmp_path, status=1)
    assert [m["code"] for m in finding_lines(out(result))] == ["GL001"]


@pytest.mark.parametrize(
    "comment, codes",
    [
        ("# noqa", noqa.ALL),
        ("#noqa", noqa.ALL),
        ("# NOQA", noqa.ALL),
        ("# noqa: GL101", {"GL101"}),
        ("# noqa:GL101,GL107", {"GL101", "GL107"}),
        ("# noqa: GL101 GL107", {"GL101", "GL107"}),
        ("# noqa : GL101", {"GL101"}),
        ("# noqa: GL101, because reasons", {"GL101"}),
        ("# noqa: GL101# another comment", {"GL101"}),
        ("# some words # noqa: GL107", {"GL107"}),
        ("# noqa E501", noqa.ALL),  # a space, then anything: the whole line (Ruff)
        ("# noqa#", noqa.ALL),
        ("# noqanope", None),
        ("# noqa-ish", None),
        ("# noqa:", None),
        ("# noqa: gl101", None),
        ("# noqa::GL101", None),
    ],
)
def test_line_directive_grammar(comment, codes):
    parsed = noqa.parse(comment)
    assert parsed is not None
    is_file, directive = parsed
    assert not is_file
    assert directive.codes == (None if codes is None else frozenset(codes))
    if codes is noqa.ALL:
        assert directive.codes is noqa.ALL


@pytest.mark.parametrize("comment", ["# some noqa words", "# TODO: noqa later", "#", "# gradlint"])
def test_comments_without_a_directive(comment):
    assert noqa.parse(comment) is None


def test_only_comment_tokens_are_read():
    text = (
        "s = '# noqa'\n"
        't = """\n# gradlint: noqa\n"""\n'
        "x = 1  # noqa: GL101\n"
        "# gradlint: noqa: GL107\n"
        "y = f'{1}# noqa'\n"
    )
    directives = noqa.read(text)
    assert directives.lines == {5: frozenset({"GL101"})}
    assert directives.exempt == frozenset({"GL107"})
    assert directives.warnings == []


def test_a_file_without_the_word_is_not_tokenized(monkeypatch):
    def fail(*args):
        raise AssertionError("tokenized a file with no noqa in it")

    monkeypatch.setattr(noqa.tokenize, "generate_tokens", fail)
    assert noqa.read("x = 1  # nothing here\n" * 50) == noqa.Directives()
