"""Jupyter notebooks through the console script: findings by cell, IPython syntax,
fixes written back byte for byte outside the edited cells, broken notebooks."""

from __future__ import annotations

import json

import pytest

from tests.conftest import err, out
from tests.test_cli import write

KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}


def cell(source: str | list[str], kind: str = "code", **extra) -> dict:
    lines = source if isinstance(source, list) else source.splitlines(keepends=True)
    base: dict = {"cell_type": kind, "metadata": {}, "source": lines}
    if kind == "code":
        base.update(execution_count=None, outputs=[])
    base.update(extra)
    return base


def notebook_text(cells: list[dict], indent: int = 1, metadata: dict | None = None) -> str:
    document = {"cells": cells, "metadata": metadata or KERNEL, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=indent, ensure_ascii=False) + "\n"


# a tensor made in cell 2, updated in cell 4 (markdown in between); a magic, a shell
# escape with a continuation line and a cell magic around them
CELLS = [
    cell("# Training\nA notebook.", kind="markdown"),
    cell(
        "!pip install torch \\\n    --quiet\n%matplotlib inline\nimport torch\nw = torch.ones(3, requires_grad=True)"
    ),
    cell("%%bash\necho not python at all ( [\n"),
    cell(
        "for step in range(2):\n    %time print(step)\nwith torch.no_grad:\n    pass\nw -= 1",
        outputs=[{"name": "stdout", "output_type": "stream", "text": ["0\n", "1\n"]}],
        execution_count=3,
    ),
]


def test_findings_are_located_by_cell_in_concise_output(tmp_path, gradlint):
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("nb.ipynb", cwd=tmp_path, status=1)
    assert out(result).splitlines()[:2] == [
        "nb.ipynb:cell 4:3:6: GL107 [*] `with torch.no_grad:` enters the class, not an instance, "
        "and raises TypeError; call it: `with torch.no_grad():`",
        "nb.ipynb:cell 4:5:1: GL101 in-place `-=` on leaf tensor `w` that requires grad raises "
        "RuntimeError; do the update inside `with torch.no_grad():`",
    ]
    assert err(result) == ""


def test_json_output_has_the_cell_and_lines_within_it(tmp_path, gradlint):
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--output-format", "json", "nb.ipynb", cwd=tmp_path, status=1)
    items = json.loads(out(result))
    assert [(i["code"], i["cell"], i["location"], i["noqa_row"]) for i in items] == [
        ("GL107", 4, {"row": 3, "column": 6}, 3),
        ("GL101", 4, {"row": 5, "column": 1}, 5),
    ]
    assert items[0]["fix"]["edits"][0]["location"] == {"row": 3, "column": 19}


def test_full_output_shows_the_cell_line(tmp_path, gradlint):
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--output-format", "full", "--select", "GL107", "nb.ipynb", cwd=tmp_path, status=1)
    assert "3 | with torch.no_grad:\n         ^^^^^^^^^^^^^\n" in out(result)


def test_folder_walks_include_notebooks_and_noqa_works_per_cell_line(tmp_path, gradlint):
    cells = [
        cell("import torch\nw = torch.ones(3, requires_grad=True)"),
        cell("w.add_(1)  # noqa: GL101\nw.mul_(2)"),
    ]
    write(tmp_path, "sub/nb.ipynb", notebook_text(cells))
    write(tmp_path, "sub/.ipynb_checkpoints/skip.txt", "")
    result = gradlint(cwd=tmp_path, status=1)
    assert out(result).startswith("sub/nb.ipynb:cell 2:2:1: GL101 ")
    assert "Found 1 error." in out(result)
    listed = gradlint("--show-files", cwd=tmp_path, status=0)
    assert out(listed) == "sub/nb.ipynb\n"


def test_messages_name_lines_of_other_cells(tmp_path, gradlint):
    cells = [
        cell("import torch\nx = torch.ones(3, requires_grad=True)\ny = x.exp()"),
        cell("y.add_(1)"),
        cell("y.sum().backward()"),
    ]
    write(tmp_path, "nb.ipynb", notebook_text(cells))
    result = gradlint("nb.ipynb", cwd=tmp_path, status=1)
    (line,) = [text for text in out(result).splitlines() if "GL102" in text]
    assert line.startswith("nb.ipynb:cell 2:1:1: GL102 ")
    assert "(line 3 of cell 1)" in line and "at line 1 of cell 3" in line


def test_fix_rewrites_only_the_edited_cell_byte_for_byte(tmp_path, gradlint):
    original = notebook_text(CELLS)
    path = write(tmp_path, "nb.ipynb", original)
    result = gradlint("--fix", "nb.ipynb", cwd=tmp_path, status=1)  # the GL101 fix is unsafe
    assert "Found 2 errors (1 fixed, 1 remaining)." in out(result)
    fixed = path.read_text(encoding="utf-8")
    assert fixed == original.replace('"with torch.no_grad:\\n"', '"with torch.no_grad():\\n"', 1)
    assert json.loads(fixed)["cells"][3]["outputs"] == CELLS[3]["outputs"]


@pytest.mark.parametrize("indent", [1, 2, 4])
def test_fix_keeps_the_files_own_formatting(tmp_path, gradlint, indent):
    """Another indent, keys in another order, escaped non-ASCII, no trailing newline,
    a source given as one string: all kept outside the edited value."""
    cells = [
        {
            "source": "import torch\n# caf\u00e9\nwith torch.no_grad:\n    pass",
            "cell_type": "code",
            "outputs": [],
        },
        {"metadata": {"z": 1, "a": 2}, "cell_type": "code", "source": ["print('\u00e9')"], "outputs": []},
    ]
    text = json.dumps({"nbformat": 4, "cells": cells, "metadata": {}, "nbformat_minor": 2}, indent=indent)
    path = write(tmp_path, "nb.ipynb", text)
    gradlint("--fix", "nb.ipynb", cwd=tmp_path, status=0)
    assert path.read_text(encoding="utf-8") == text.replace("with torch.no_grad:", "with torch.no_grad():")


def test_unsafe_fix_adds_lines_inside_its_cell(tmp_path, gradlint):
    path = write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    gradlint("--fix", "--unsafe-fixes", "nb.ipynb", cwd=tmp_path, status=0)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert "".join(document["cells"][3]["source"]) == (
        "for step in range(2):\n    %time print(step)\nwith torch.no_grad():\n    pass\n"
        "with torch.no_grad():\n    w -= 1"
    )
    assert document["cells"][1] == CELLS[1] and document["cells"][2] == CELLS[2]


def test_diff_is_per_cell(tmp_path, gradlint):
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--diff", "nb.ipynb", cwd=tmp_path, status=1)
    assert out(result) == (
        "--- a/nb.ipynb:cell 4\n+++ b/nb.ipynb:cell 4\n@@ -1,5 +1,5 @@\n for step in range(2):\n"
        "     %time print(step)\n-with torch.no_grad:\n+with torch.no_grad():\n     pass\n w -= 1\n"
    )


def test_fix_from_stdin_gives_the_notebook_back(tmp_path, gradlint):
    original = notebook_text(CELLS)
    result = gradlint(
        "--fix", "--stdin-filename", "nb.ipynb", "-", cwd=tmp_path, stdin=original.encode(), status=1
    )
    assert out(result) == original.replace('"with torch.no_grad:\\n"', '"with torch.no_grad():\\n"', 1)
    assert "nb.ipynb:cell 4:5:1: GL101" in err(result)


def test_add_noqa_in_a_notebook(tmp_path, gradlint):
    path = write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--add-noqa", "nb.ipynb", cwd=tmp_path, status=0)
    assert err(result) == "Added 2 noqa directives.\n"
    source = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][3]["source"])
    assert "with torch.no_grad:  # noqa: GL107\n" in source and source.endswith("w -= 1  # noqa: GL101")
    gradlint("nb.ipynb", cwd=tmp_path, status=0)


def test_a_notebook_over_its_budget_is_named_and_the_rest_linted(tmp_path, gradlint):
    from tests.test_runner import generated

    write(tmp_path, "big.ipynb", notebook_text([cell(generated(10_000))]))
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--no-cache", "--jobs", "2", "--file-timeout", "0.01", ".", cwd=tmp_path, status=2)
    assert err(result).startswith(
        "gradlint: error: big.ipynb: not checked: its analysis ran over its time budget of "
    )
    assert out(result).startswith("nb.ipynb:cell 4:3:6: GL107 ")


def test_a_notebook_changed_while_it_was_fixed_is_left_alone(tmp_path, gradlint):
    """Write-back is atomic and checks the file first, for notebooks as for files."""
    original = notebook_text(CELLS)
    path = write(tmp_path, "nb.ipynb", original)
    plugin = (
        "import gradlint.filecheck as f, pathlib\n"
        "orig = f.check\n"
        "def check(job):\n"
        "    pathlib.Path(job.path).write_text(pathlib.Path(job.path).read_text() + ' ')\n"
        "    return orig(job)\n"
        "f.check = check\n"
    )
    write(tmp_path, "plugins/sitecustomize.py", plugin)
    env = {"PYTHONPATH": str(tmp_path / "plugins")}
    result = gradlint("--no-cache", "--fix", "nb.ipynb", cwd=tmp_path, env=env, status=2)
    assert err(result) == (
        "gradlint: error: nb.ipynb: cannot write the fixes: it changed since gradlint read it; "
        "nothing written (run gradlint again)\n"
    )
    assert path.read_text(encoding="utf-8") == original + " "


@pytest.mark.parametrize(
    "content, message",
    [
        (
            '{"cells": [}',
            "nb.ipynb:1:12: GL001 could not parse: not a valid notebook: invalid JSON: Expecting value",
        ),
        ("[1, 2]", "nb.ipynb:1:1: GL001 could not parse: not a valid notebook: the JSON is not an object"),
        ('{"nbformat": 4}', "nb.ipynb:1:1: GL001 could not parse: not a valid notebook: no `cells` list"),
        (
            '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}',
            "nb.ipynb:1:1: GL001 could not parse: not a valid notebook: the source of cell 1 is not text",
        ),
        (
            '{"nbformat": 3, "worksheets": []}',
            "nb.ipynb:1:1: GL001 could not parse: not a valid notebook: nbformat 3 is not supported; "
            "convert it with `jupyter nbconvert --to notebook --nbformat 4`",
        ),
        (b'{"cells": "\xff"}', "nb.ipynb:1:1: GL001 could not parse: not a valid notebook: not UTF-8"),
    ],
)
def test_a_malformed_notebook_is_one_line_of_gl001(tmp_path, gradlint, content, message):
    write(tmp_path, "nb.ipynb", content)
    result = gradlint("nb.ipynb", cwd=tmp_path, status=1)
    assert out(result).splitlines()[0].startswith(message)
    assert out(result).splitlines()[1] == "Found 1 error." and err(result) == ""


def test_a_syntax_error_in_a_cell_is_located_in_that_cell(tmp_path, gradlint):
    write(tmp_path, "nb.ipynb", notebook_text([cell("import torch"), cell("x = (1,\ndef")]))
    result = gradlint("nb.ipynb", cwd=tmp_path, status=1)
    assert out(result).startswith("nb.ipynb:cell 2:")
    assert "GL001 could not parse" in out(result)


def test_notebooks_of_other_languages_are_not_linted(tmp_path, gradlint):
    metadata = {"kernelspec": {"language": "R", "name": "ir"}, "language_info": {"name": "R"}}
    write(tmp_path, "nb.ipynb", notebook_text([cell("torch.no_grad()")], metadata=metadata))
    gradlint("nb.ipynb", cwd=tmp_path, status=0)


def test_help_requests_and_magic_assignments_are_neutralised(tmp_path, gradlint):
    source = (
        "import torch\ntorch.no_grad?\nfiles = !ls\n?torch\nx = (1 +\n     2)\n"
        "s = '''\n%not a magic?\n'''\ntorch.no_grad()"
    )
    write(tmp_path, "nb.ipynb", notebook_text([cell(source)]))
    result = gradlint("nb.ipynb", cwd=tmp_path, status=1)
    assert out(result).startswith("nb.ipynb:cell 1:10:1: GL107 ")
