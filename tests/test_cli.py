"""The console script as a user runs it: output, exit codes, suppressions, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, err, out
from tests.test_docs import SECTIONS

FLAGGED = "import torch\n\n\ndef evaluate(model, x):\n    torch.no_grad()\n    return model(x)\n"
WITH_CLASS = "import torch\n\nwith torch.no_grad:\n    pass\n"
CLEAN = "import torch\n\n\ndef evaluate(model, x):\n    with torch.no_grad():\n        return model(x)\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>GL\d{3}) (?P<rest>.*)$")


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def finding_lines(text: str) -> list[re.Match]:
    return [m for m in (LINE.match(line) for line in text.splitlines()) if m]


def test_findings_exit_1_with_ruff_style_lines_and_summary(tmp_path, gradlint):
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint("train.py", cwd=tmp_path, status=1)
    lines = out(result).splitlines()
    assert lines[0].startswith("train.py:5:5: GL107 `torch.no_grad()` as a statement")
    assert lines[-1] == "Found 1 error."


def test_clean_exit_0_all_checks_passed(tmp_path, gradlint):
    write(tmp_path, "ok.py", CLEAN)
    result = gradlint(".", cwd=tmp_path, status=0)
    assert out(result) == "All checks passed!\n"


def test_default_path_is_the_current_folder_and_output_is_sorted(tmp_path, gradlint):
    write(tmp_path, "b.py", FLAGGED + WITH_CLASS.replace("import torch\n", ""))
    write(tmp_path, "a/z.py", FLAGGED)
    write(tmp_path, "a/b.pyi", FLAGGED)
    result = gradlint(cwd=tmp_path, status=1)
    found = [(m["path"], int(m["line"]), int(m["col"])) for m in finding_lines(out(result))]
    assert found == sorted(found)
    assert {p for p, _, _ in found} == {"a/b.pyi", "a/z.py", "b.py"}
    assert "[*]" in out(result)  # the with-form has a fix
    assert "[*] 1 fixable with the `--fix` option." in out(result)


def test_exit_zero(tmp_path, gradlint):
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint("--exit-zero", "train.py", cwd=tmp_path, status=0)
    assert "train.py:5:5: GL107" in out(result) and out(result).endswith("Found 1 error.\n")


def test_python_dash_m_works(tmp_path):
    import subprocess
    import sys

    write(tmp_path, "train.py", FLAGGED)
    result = subprocess.run([sys.executable, "-m", "gradlint", "train.py"], cwd=tmp_path, capture_output=True)
    assert result.returncode == 1 and b"GL107" in result.stdout


@pytest.mark.parametrize(
    "comment, reported",
    [
        ("  # noqa", False),
        ("  # noqa: GL107", False),
        ("  # noqa: GL101, GL107", False),
        ("  # noqa:GL107", False),
        ("  # NOQA: GL107", False),
        ("  # type: ignore  # noqa: GL107 (a reason)", False),
        ("  # noqa GL101", False),  # no colon: everything, as in Ruff
        ("  # noqa: GL101", True),
        ("  # noqa: E501", True),
    ],
)
def test_noqa_on_the_reported_line(tmp_path, gradlint, comment, reported):
    write(tmp_path, "train.py", FLAGGED.replace("torch.no_grad()", "torch.no_grad()" + comment))
    result = gradlint("train.py", cwd=tmp_path, status=1 if reported else 0)
    assert ("GL107" in out(result)) is reported
    assert err(result) == ""


def test_file_level_noqa_skips_the_file(tmp_path, gradlint):
    write(tmp_path, "a.py", "# gradlint: noqa\n" + FLAGGED)
    write(tmp_path, "b.py", FLAGGED + "# gradlint: noqa: GL107\n")
    write(tmp_path, "c.py", FLAGGED + "# gradlint: noqa: GL101\n")
    result = gradlint(".", cwd=tmp_path, status=1)
    assert {m["path"] for m in finding_lines(out(result))} == {"c.py"}


BAD_INPUTS = {
    "syntax.py": (b"def f(:\n    pass\n", r"could not parse: invalid syntax", (1, 7)),
    "python2.py": (
        b"print 'hello'\n",
        r"could not parse: Missing parentheses",
        (1, 0),
    ),  # column varies by CPython
    "nul.py": (b"x = 1\ny = 2\x00\n", r"could not parse: source contains a NUL byte", (2, 6)),
    "tabs.py": (b"if True:\n        x = 1\n\ty = 2\n", r"could not parse: inconsistent use of tabs", (3, 0)),
    "undecodable.py": (b"x = 1\ny = '\xff\xfe'\n", r"could not parse: could not decode as utf-8", (2, 6)),
    "bad_cookie.py": (
        b"# -*- coding: klingon -*-\nx = 1\n",
        r"could not parse: could not decode: unknown encoding",
        (1, 1),
    ),
    "unclosed.py": (
        b"import torch\nx = torch.ones((2,\n",
        r"could not parse: ('\(' was never closed|unexpected EOF)",  # CPython's words vary
        (2, 0),
    ),
}


def test_bad_inputs_are_reported_and_the_rest_is_linted(tmp_path, gradlint):
    for name, (data, _, _) in BAD_INPUTS.items():
        write(tmp_path, name, data)
    write(tmp_path, "empty.py", b"")
    write(tmp_path, "comments.py", b"# just a comment\n# and another\n")
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint(".", cwd=tmp_path, status=1)
    assert "Traceback" not in err(result) and err(result) == ""
    by_path = {m["path"]: m for m in finding_lines(out(result))}
    for name, (_, pattern, (line, col)) in BAD_INPUTS.items():
        match = by_path[name]
        assert match["code"] == "GL001"
        assert re.search(pattern, match["rest"]), match["rest"]
        assert int(match["line"]) == line, name
        if col:
            assert int(match["col"]) == col, name
    assert by_path["train.py"]["code"] == "GL107"
    assert "empty.py" not in by_path and "comments.py" not in by_path


def test_parse_errors_are_reported_even_without_torch_content(tmp_path, gradlint):
    write(tmp_path, "util.py", "def helper(:\n    return 1\n")
    result = gradlint("util.py", cwd=tmp_path, status=1)
    assert "GL001" in out(result)


def test_syntax_newer_than_the_running_python_is_not_a_parse_error(tmp_path, gradlint):
    """libcst reads every version's grammar: a PEP 695 function is fine on Python 3.11."""
    write(tmp_path, "plain.py", "def first[T](items: list[T]) -> T:\n    return items[0]\n")
    write(tmp_path, "torchy.py", "import torch\ndef first[T](items: list[T]) -> T:\n    return items[0]\n")
    gradlint(".", cwd=tmp_path, status=0)


def test_deeply_nested_code_is_a_diagnostic_not_a_crash(tmp_path, gradlint):
    chain = " + ".join(["x"] * 3000)
    write(tmp_path, "deep.py", f"import torch\nx = torch.ones(1)\ny = {chain}\ntorch.no_grad()\n")
    nested = "(" * 150 + "1" + ")" * 150
    write(tmp_path, "parens.py", f"import torch\nz = {nested}\ntorch.no_grad()\n")
    result = gradlint(".", cwd=tmp_path, status=1)
    assert "Traceback" not in err(result) and "internal error" not in err(result)
    codes = {(m["path"], m["code"]) for m in finding_lines(out(result))}
    assert ("deep.py", "GL107") in codes or ("deep.py", "GL001") in codes
    assert ("parens.py", "GL107") in codes


def test_missing_path_is_an_error_after_linting_the_rest(tmp_path, gradlint):
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint("nope.py", "train.py", cwd=tmp_path, status=2)
    assert "GL107" in out(result)
    assert err(result).strip() == "gradlint: error: nope.py: no such file or directory"
    assert out(result).endswith(
        "Found 1 error.\n1 path could not be checked or fixed (see the errors above).\n"
    )


def test_unreadable_file_is_an_error(tmp_path, gradlint):
    path = write(tmp_path, "secret.py", FLAGGED)
    write(tmp_path, "train.py", FLAGGED)
    path.chmod(0)
    result = gradlint(".", cwd=tmp_path, status=2, privileged=False)
    assert err(result) == "gradlint: error: secret.py: cannot read: Permission denied\n"
    assert "train.py:5:5: GL107" in out(result)
    assert out(result).endswith(
        "Found 1 error.\n1 path could not be checked or fixed (see the errors above).\n"
    )


def test_dangling_link_is_a_read_error(tmp_path, gradlint):
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint(".", cwd=tmp_path, status=2)
    assert "gone.py: cannot read: No such file or directory" in err(result)
    assert "train.py:5:5: GL107" in out(result)


def test_internal_error_names_the_file_and_goes_on(tmp_path, gradlint, monkeypatch):
    """A rule crashing on one file is reported with the file's name, exit 2, no traceback."""
    plugin = write(
        tmp_path,
        "sitecustomize.py",
        "import gradlint.rules.no_grad_not_entered as m\n"
        "orig = m.NoGradNotEntered.check\n"
        "def boom(self):\n"
        "    if 'explode' in self.facts.path:\n"
        "        raise ValueError('kaboom')\n"
        "    return orig(self)\n"
        "m.NoGradNotEntered.check = boom\n",
    )
    write(tmp_path, "explode.py", FLAGGED)
    write(tmp_path, "train.py", FLAGGED)
    result = gradlint(
        ".", "--exclude", "sitecustomize.py", cwd=tmp_path, env={"PYTHONPATH": str(plugin.parent)}, status=2
    )
    assert "Traceback" not in err(result)
    assert "explode.py: internal error: ValueError: kaboom" in err(result)
    assert "train.py:5:5: GL107" in out(result)


def test_stdin_with_filename(tmp_path, gradlint):
    result = gradlint("--stdin-filename", "pkg/train.py", stdin=FLAGGED.encode(), cwd=tmp_path, status=1)
    assert out(result).startswith("pkg/train.py:5:5: GL107")
    result = gradlint("-", stdin=CLEAN.encode(), cwd=tmp_path, status=0)
    assert out(result) == "All checks passed!\n"


def test_stdin_respects_per_file_ignores_by_its_name(tmp_path, gradlint):
    result = gradlint(
        "--stdin-filename",
        "tests/test_x.py",
        "--per-file-ignores",
        "tests/*:GL107",
        stdin=FLAGGED.encode(),
        cwd=tmp_path,
        status=0,
    )
    assert out(result) == "All checks passed!\n"


def test_rule_command(gradlint):
    result = gradlint("rule", "GL107", status=0)
    page = out(result)
    assert page.startswith("# no-grad-not-entered (GL107)")
    for section in SECTIONS:
        assert section in page
    listing = out(gradlint("rule", "--all", status=0))
    assert re.search(r"^GL107\s+no-grad-not-entered\s+on\s+sometimes$", listing, re.MULTILINE)
    assert re.search(r"^GL001\s+parse-error\s+always\s+no$", listing, re.MULTILINE)
    records = json.loads(out(gradlint("rule", "--all", "--output-format", "json", status=0)))
    assert {r["code"] for r in records} >= {"GL001", "GL107"}
    unknown = gradlint("rule", "GL999", status=2)
    assert "unknown rule code" in err(unknown)
    assert "give either a rule code or --all" in err(gradlint("rule", status=2))


def test_fix_adds_the_call_and_keeps_every_other_byte(tmp_path, gradlint):
    original = (
        "# -*- coding: latin-1 -*-\r\n"
        "import torch  # caf\xe9\r\n"
        "\r\n"
        "def f(model, x):\r\n"
        "    with torch.no_grad:   # odd   spacing kept\r\n"
        "        return model(x)\r\n"
        "s = '''\r\nwith torch.no_grad:\r\n'''\r\n"
    ).encode("latin-1")
    path = write(tmp_path, "m.py", original)
    result = gradlint("--fix", "m.py", cwd=tmp_path, status=0)
    assert "Found 1 error (1 fixed, 0 remaining)." in out(result)
    assert path.read_bytes() == original.replace(b"with torch.no_grad:   #", b"with torch.no_grad():   #")


def test_fix_preserves_a_bom(tmp_path, gradlint):
    original = "\ufeffimport torch\nwith torch.no_grad:\n    pass\n".encode("utf-8")
    path = write(tmp_path, "bom.py", original)
    gradlint("--fix", "bom.py", cwd=tmp_path, status=0)
    assert path.read_bytes() == original.replace(b"no_grad:", b"no_grad():")


def test_diff_shows_the_fix_without_writing(tmp_path, gradlint):
    path = write(tmp_path, "m.py", WITH_CLASS)
    result = gradlint("--diff", "m.py", cwd=tmp_path, status=1)
    assert err(result) == "Would fix 1 error.\n"
    assert "-with torch.no_grad:\n+with torch.no_grad():\n" in out(result)
    assert path.read_text() == WITH_CLASS


def test_fix_on_stdin_prints_the_fixed_code(tmp_path, gradlint):
    result = gradlint("--fix", "--stdin-filename", "m.py", stdin=WITH_CLASS.encode(), cwd=tmp_path, status=0)
    assert out(result) == WITH_CLASS.replace("no_grad:", "no_grad():")
    assert err(result) == "Found 1 error (1 fixed, 0 remaining).\n"


def test_json_output(tmp_path, gradlint):
    write(tmp_path, "a.py", WITH_CLASS)
    result = gradlint("--output-format", "json", "a.py", cwd=tmp_path, status=1)
    (item,) = json.loads(out(result))
    assert item["code"] == "GL107"
    assert item["name"] == "no-grad-not-entered"
    assert item["severity"] == "error"
    assert item["url"] == "https://github.com/gradlint/gradlint#gl107"
    assert item["filename"] == str((tmp_path / "a.py").resolve())
    assert item["location"] == {"row": 3, "column": 6}
    assert item["noqa_row"] == 3
    assert item["fix"]["applicability"] == "safe"
    assert item["fix"]["edits"] == [
        {"content": "()", "location": {"row": 3, "column": 19}, "end_location": {"row": 3, "column": 19}}
    ]
    # Ruff's keys, no more and no fewer
    assert sorted(item) == [
        "cell",
        "code",
        "end_location",
        "filename",
        "fix",
        "location",
        "message",
        "name",
        "noqa_row",
        "severity",
        "url",
    ]


def test_json_url_points_at_the_rule_row_in_the_readme(tmp_path, gradlint):
    """The url's anchor is in the README (the repository's front page), in the rule's row."""
    write(tmp_path, "a.py", FLAGGED + UNSAFE.replace("import torch\n", ""))
    items = json.loads(out(gradlint("--output-format", "json", "a.py", cwd=tmp_path, status=1)))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {i["code"] for i in items} == {"GL101", "GL107"}
    for item in items:
        base, anchor = item["url"].split("#")
        assert base == "https://github.com/gradlint/gradlint"
        (row,) = [line for line in readme.splitlines() if f'<a id="{anchor}"></a>' in line]
        assert f"{item['code']} | [`{item['name']}`]" in row


def test_json_lines_and_pylint_and_grouped(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    lines = out(gradlint("--output-format", "json-lines", "a.py", cwd=tmp_path, status=1)).splitlines()
    assert json.loads(lines[0])["code"] == "GL107" and len(lines) == 1
    pylint = gradlint("--output-format", "pylint", "a.py", cwd=tmp_path, status=1)
    assert out(pylint).startswith("a.py:5: [GL107] ")
    grouped = gradlint("--output-format", "grouped", "a.py", cwd=tmp_path, status=1)
    assert out(grouped).startswith("a.py:\n  5:5 GL107 ")


def test_full_output_shows_the_source_line(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    text = out(gradlint("--output-format", "full", "a.py", cwd=tmp_path, status=1))
    assert "5 |     torch.no_grad()\n" in text
    assert "\n        ^^^^^^^^^^^^^^^\n" in text


def test_github_output(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    text = out(gradlint("--output-format", "github", "a.py", cwd=tmp_path, status=1))
    assert text.startswith(
        f"::error title=gradlint (GL107),file={(tmp_path / 'a.py').resolve()},line=5,col=5,endLine=5,endColumn=20::a.py:5:5: GL107 "
    )


def test_sarif_output_validates_against_the_schema(tmp_path, gradlint):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
    write(tmp_path, "a.py", FLAGGED + WITH_CLASS)
    document = json.loads(out(gradlint("--output-format", "sarif", "a.py", cwd=tmp_path, status=1)))
    jsonschema.validate(document, schema)
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["GL107", "GL107"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    rules = {r["id"]: r for r in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["GL107"]["helpUri"] == "https://github.com/gradlint/gradlint#gl107"


def test_show_files_lists_what_would_be_linted(tmp_path, gradlint):
    write(tmp_path, "a.py", CLEAN)
    write(tmp_path, "b.txt", CLEAN)
    write(tmp_path, "build/gen.py", CLEAN)
    assert out(gradlint("--show-files", cwd=tmp_path, status=0)).splitlines() == ["a.py"]
    missing = gradlint("--show-files", "a.py", "nope", cwd=tmp_path, status=2)
    assert out(missing) == "a.py\n" and err(missing) == "gradlint: error: nope: no such file or directory\n"


# ---------------------------------------------------------------- help and version exit 0


@pytest.mark.parametrize(
    "args, usage",
    [
        (["--help"], "usage: gradlint [-h]"),
        (["-h"], "usage: gradlint [-h]"),
        (["check", "--help"], "usage: gradlint check [-h]"),
        (["rule", "--help"], "usage: gradlint rule [-h]"),
    ],
)
def test_help_exits_0_with_usage_on_stdout(gradlint, args, usage):
    result = gradlint(*args, status=0)
    assert out(result).startswith(usage)
    assert err(result) == ""


def test_help_names_the_new_options(gradlint):
    text = out(gradlint("--help", status=0))
    for option in ("--show-settings", "--show-fixes", "-o FILE, --output-file FILE", "--statistics", "-v"):
        assert option in text, option


def test_version(gradlint):
    from gradlint import __version__

    for args in (["--version"], ["check", "--version"]):
        result = gradlint(*args, status=0)
        assert out(result) == f"gradlint {__version__} (torch-gradlint)\n"


def test_usage_error_exits_2(gradlint):
    result = gradlint("--no-such-option", status=2)
    assert "Traceback" not in err(result)
    assert err(result).endswith("gradlint: error: unrecognized arguments: --no-such-option\n")
    assert out(result) == ""
    bad_choice = gradlint("--output-format", "xml", status=2)
    assert "argument --output-format: invalid choice: 'xml'" in err(bad_choice)


# ---------------------------------------------------------------- fixes


UNSAFE = "import torch\n\nw = torch.zeros(3, requires_grad=True)\nw.add_(1)\n"


def test_unsafe_fixes_are_shown_but_applied_only_on_request(tmp_path, gradlint):
    path = write(tmp_path, "m.py", UNSAFE)
    plain = gradlint("m.py", cwd=tmp_path, status=1)
    assert "GL101 in-place `.add_()`" in out(plain) and "[*]" not in out(plain)
    assert "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)." in out(plain)
    gradlint("--fix", "m.py", cwd=tmp_path, status=1)
    assert path.read_text() == UNSAFE
    fixed = gradlint("--fix", "--unsafe-fixes", "m.py", cwd=tmp_path, status=0)
    assert out(fixed) == "Found 1 error (1 fixed, 0 remaining).\n"
    assert (
        path.read_text()
        == "import torch\n\nw = torch.zeros(3, requires_grad=True)\nwith torch.no_grad():\n    w.add_(1)\n"
    )


def test_an_unsafe_fix_after_a_form_feed_rewrites_the_right_line(tmp_path, gradlint):
    path = write(tmp_path, "m.py", UNSAFE.replace("\n\n", "\n# page\x0c break\n"))
    gradlint("--fix", "--unsafe-fixes", "m.py", cwd=tmp_path, status=0)
    assert path.read_text() == (
        "import torch\n# page\x0c break\nw = torch.zeros(3, requires_grad=True)\n"
        "with torch.no_grad():\n    w.add_(1)\n"
    )


def test_every_rule_is_listed_with_its_default(gradlint):
    listing = out(gradlint("rule", "--all", status=0))
    for code, name in (
        ("GL101", "inplace-on-leaf"),
        ("GL102", "saved-tensor-mutated"),
        ("GL103", "missing-zero-grad"),
        ("GL104", "zero-grad-before-step"),
        ("GL107", "no-grad-not-entered"),
    ):
        assert re.search(rf"^{code}\s+{name}\s+on\s", listing, re.MULTILINE), code


def test_show_fixes_lists_what_was_fixed(tmp_path, gradlint):
    write(tmp_path, "a.py", WITH_CLASS + WITH_CLASS.replace("import torch\n", ""))
    write(tmp_path, "b.py", WITH_CLASS + "torch.no_grad()\n")
    result = gradlint("--fix", "--show-fixes", ".", cwd=tmp_path, status=1)
    assert out(result) == (
        "b.py:5:1: GL107 `torch.no_grad()` as a statement builds a context manager and drops it, so grad "
        "mode does not change; use `with torch.no_grad():` around the code it should cover\n"
        "\n"
        "Fixed 3 errors:\n"
        "- a.py:\n"
        "    2 \u00d7 GL107 (no-grad-not-entered)\n"
        "- b.py:\n"
        "    1 \u00d7 GL107 (no-grad-not-entered)\n"
        "\n"
        "Found 4 errors (3 fixed, 1 remaining).\n"
    )
    # nothing to fix: nothing listed
    again = gradlint("--fix", "--show-fixes", "a.py", cwd=tmp_path, status=0)
    assert out(again) == "All checks passed!\n"


def test_show_fixes_in_full_output_shows_each_fix_as_a_diff(tmp_path, gradlint):
    write(tmp_path, "a.py", WITH_CLASS)
    text = out(gradlint("--output-format", "full", "--show-fixes", "a.py", cwd=tmp_path, status=1))
    assert text.endswith(
        "  = help: Fix: Call it: `torch.no_grad()`\n"
        "\n"
        "    -with torch.no_grad:\n"
        "    +with torch.no_grad():\n"
        "         pass\n"
        "\n"
        "Found 1 error.\n"
        "[*] 1 fixable with the `--fix` option.\n"
    )
    plain = out(gradlint("--output-format", "full", "a.py", cwd=tmp_path, status=1))
    assert "+with torch.no_grad():" not in plain


def test_fix_only_and_exit_non_zero_on_fix(tmp_path, gradlint):
    path = write(tmp_path, "a.py", WITH_CLASS)
    result = gradlint("--fix-only", "--exit-non-zero-on-fix", "a.py", cwd=tmp_path, status=1)
    assert out(result) == "Fixed 1 error.\n"
    assert path.read_text() == WITH_CLASS.replace("no_grad:", "no_grad():")
    assert out(gradlint("--fix-only", "--exit-non-zero-on-fix", "a.py", cwd=tmp_path, status=0)) == ""


# ---------------------------------------------------------------- statistics and --output-file


def test_statistics(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED + WITH_CLASS)
    result = gradlint("--statistics", "a.py", cwd=tmp_path, status=1)
    assert out(result) == (
        "2\tGL107\t[*] no-grad-not-entered\nFound 2 errors.\n[*] 1 fixable with the `--fix` option.\n"
    )


def test_statistics_marks_only_fixes_that_would_apply(tmp_path, gradlint):
    """An unsafe fix is not `[*]` unless --unsafe-fixes; with no fixable rule, no marker column."""
    write(tmp_path, "a.py", UNSAFE + "v = torch.zeros(3, requires_grad=True)\nv.add_(1)\n")
    plain = gradlint("--statistics", "a.py", cwd=tmp_path, status=1)
    assert out(plain).splitlines()[0] == "2\tGL101\tinplace-on-leaf"
    unsafe = gradlint("--statistics", "--unsafe-fixes", "a.py", cwd=tmp_path, status=1)
    assert out(unsafe).splitlines()[0] == "2\tGL101\t[*] inplace-on-leaf"
    write(tmp_path, "a.py", UNSAFE + FLAGGED.replace("import torch\n", "") + WITH_CLASS)
    mixed = gradlint("--statistics", "a.py", cwd=tmp_path, status=1)
    assert out(mixed).splitlines()[:2] == [
        "2\tGL107\t[*] no-grad-not-entered",
        "1\tGL101\t[ ] inplace-on-leaf",
    ]


def test_statistics_as_json(tmp_path, gradlint):
    write(tmp_path, "a.py", UNSAFE + FLAGGED.replace("import torch\n", "") + WITH_CLASS)
    result = gradlint("--statistics", "--output-format", "json", "a.py", cwd=tmp_path, status=1)
    assert json.loads(out(result)) == [
        {"code": "GL107", "name": "no-grad-not-entered", "count": 2, "fixable": True, "fixable_count": 1},
        {"code": "GL101", "name": "inplace-on-leaf", "count": 1, "fixable": False, "fixable_count": 0},
    ]
    assert err(result) == ""


def test_output_file_takes_the_report(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    result = gradlint("-o", "report.json", "--output-format", "json", "a.py", cwd=tmp_path, status=1)
    assert out(result) == "" and err(result) == ""
    assert json.loads((tmp_path / "report.json").read_text())[0]["code"] == "GL107"
    result = gradlint("--output-file", "report.txt", "a.py", "nope.py", cwd=tmp_path, status=2)
    assert out(result) == ""
    assert err(result) == "gradlint: error: nope.py: no such file or directory\n"
    report = (tmp_path / "report.txt").read_text()
    assert report.startswith("a.py:5:5: GL107 ")
    assert report.endswith("Found 1 error.\n1 path could not be checked or fixed (see the errors above).\n")
    unwritable = gradlint("-o", "missing/dir/report.txt", "a.py", cwd=tmp_path, status=2)
    assert err(unwritable) == (
        "gradlint: error: --output-file: missing/dir/report.txt: No such file or directory\n"
    )


# ---------------------------------------------------------------- summaries that do not lie


def test_no_all_checks_passed_when_a_path_failed(tmp_path, gradlint):
    write(tmp_path, "ok.py", CLEAN)
    result = gradlint("ok.py", "nope.py", cwd=tmp_path, status=2)
    assert "All checks passed!" not in out(result)
    assert out(result) == "1 path could not be checked or fixed (see the errors above).\n"
    assert err(result) == "gradlint: error: nope.py: no such file or directory\n"
    quiet = gradlint("-q", "ok.py", "nope.py", cwd=tmp_path, status=2)
    assert out(quiet) == "" and err(quiet) == err(result)


def test_a_fix_that_cannot_be_written_is_not_counted_as_fixed(tmp_path, gradlint):
    readonly = write(tmp_path, "ro.py", WITH_CLASS)
    write(tmp_path, "ok.py", WITH_CLASS)
    readonly.chmod(0o444)
    result = gradlint("--fix", "ro.py", "ok.py", cwd=tmp_path, status=2, privileged=False)
    assert readonly.read_bytes() == WITH_CLASS.encode()
    assert (tmp_path / "ok.py").read_text() == WITH_CLASS.replace("no_grad:", "no_grad():")
    assert err(result) == "gradlint: error: ro.py: cannot write the fixes: Permission denied\n"
    assert out(result) == (
        "ro.py:3:6: GL107 [*] `with torch.no_grad:` enters the class, not an instance, and raises TypeError; "
        "call it: `with torch.no_grad():`\n"
        "Found 2 errors (1 fixed, 1 remaining).\n"
        "1 path could not be checked or fixed (see the errors above).\n"
    )


def test_a_fix_that_cannot_be_encoded_is_not_written(tmp_path, gradlint):
    """A latin-1 file whose fix would need a character latin-1 lacks stays as it was."""
    original = "# -*- coding: latin-1 -*-\nimport torch\nwith torch.no_grad:\n    pass\n".encode("latin-1")
    path = write(tmp_path, "l1.py", original)
    plugin = write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import gradlint.fixer as f\n"
        "orig = f.apply\n"
        "def apply(text, fixes):\n"
        "    new, codes = orig(text, fixes)\n"
        "    return new.replace('pass', 'pass  # \\u2713'), codes\n"
        "f.apply = apply\n",
    )
    result = gradlint("--fix", "l1.py", cwd=tmp_path, env={"PYTHONPATH": str(plugin.parent)}, status=2)
    assert path.read_bytes() == original
    assert err(result).startswith(
        "gradlint: error: l1.py: cannot write the fixes: the fixed code cannot be encoded"
    )
    assert "(1 fixed" not in out(result) and "Found 1 error.\n" in out(result)


def test_verbose_shows_the_traceback_of_an_internal_error(tmp_path, gradlint):
    plugin = write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import gradlint.rules.no_grad_not_entered as m\n"
        "def boom(self):\n"
        "    raise ValueError('kaboom')\n"
        "m.NoGradNotEntered.check = boom\n",
    )
    write(tmp_path, "a.py", FLAGGED)
    env = {"PYTHONPATH": str(plugin.parent)}
    quiet = gradlint("a.py", cwd=tmp_path, env=env, status=2)
    assert err(quiet) == "gradlint: error: a.py: internal error: ValueError: kaboom\n"
    loud = gradlint("-v", "a.py", cwd=tmp_path, env=env, status=2)
    assert "Traceback (most recent call last):" in err(loud)
    assert "raise ValueError('kaboom')" in err(loud)
    assert err(loud).endswith("gradlint: error: a.py: internal error: ValueError: kaboom\n")


def test_verbose_shows_the_traceback_of_an_error_outside_any_file(tmp_path, gradlint):
    plugin = write(
        tmp_path,
        "plugins/sitecustomize.py",
        "import gradlint.report as r\n"
        "def boom(*args, **kwargs):\n"
        "    raise KeyError('summary')\n"
        "r.summary = boom\n",
    )
    write(tmp_path, "a.py", CLEAN)
    env = {"PYTHONPATH": str(plugin.parent)}
    quiet = gradlint("a.py", cwd=tmp_path, env=env, status=2)
    assert err(quiet) == "gradlint: error: internal error: KeyError: 'summary'\n"
    loud = gradlint("--verbose", "a.py", cwd=tmp_path, env=env, status=2)
    assert "Traceback (most recent call last):" in err(loud) and "raise KeyError('summary')" in err(loud)
