"""[tool.gradlint] and the command-line keys that override it."""

from __future__ import annotations

import pytest

from gradlint.config import Selection, Settings
from tests.conftest import err, out
from tests.test_cli import FLAGGED, finding_lines, write

PYPROJECT = '[project]\nname = "demo"\n\n[tool.gradlint]\n{body}\n'


def project(tmp_path, body: str):
    write(tmp_path, "pyproject.toml", PYPROJECT.format(body=body))
    write(tmp_path, "src/train.py", FLAGGED)
    write(tmp_path, "tests/test_train.py", FLAGGED)
    return tmp_path


def reported(result) -> set[str]:
    return {m["path"] for m in finding_lines(out(result))}


def test_config_is_found_upward_from_the_working_directory(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    result = gradlint(".", cwd=tmp_path / "src")
    assert result.returncode == 0, out(result)


def test_a_pyproject_without_our_table_is_skipped_on_the_way_up(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    write(tmp_path, "src/pyproject.toml", '[project]\nname = "inner"\n')
    assert gradlint(".", cwd=tmp_path / "src").returncode == 0


def test_command_line_select_wins_over_config(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    result = gradlint("--select", "GL107", ".", cwd=tmp_path)
    assert reported(result) == {"src/train.py", "tests/test_train.py"}


def test_per_file_ignores_from_config(tmp_path, gradlint):
    project(tmp_path, '[tool.gradlint.per-file-ignores]\n"tests/*" = ["GL1"]')
    assert reported(gradlint(".", cwd=tmp_path)) == {"src/train.py"}


def test_per_file_ignores_from_the_command_line(tmp_path, gradlint):
    project(tmp_path, "")
    result = gradlint("--per-file-ignores", "src/*:GL107", ".", cwd=tmp_path)
    assert reported(result) == {"tests/test_train.py"}


def test_exclude_and_extend_exclude(tmp_path, gradlint):
    project(tmp_path, 'extend-exclude = ["tests"]')
    assert reported(gradlint(".", cwd=tmp_path)) == {"src/train.py"}
    assert reported(gradlint("--extend-exclude", "src", ".", cwd=tmp_path)) == set()
    # exclude replaces the defaults: build/ is linted again
    write(tmp_path, "build/gen.py", FLAGGED)
    assert "build/gen.py" not in reported(gradlint(".", cwd=tmp_path))
    assert "build/gen.py" in reported(gradlint("--exclude", "tests", ".", cwd=tmp_path))


def test_force_exclude_applies_to_named_files(tmp_path, gradlint):
    project(tmp_path, 'extend-exclude = ["tests/*"]')
    named = "tests/test_train.py"
    assert reported(gradlint(named, cwd=tmp_path)) == {named}
    assert gradlint("--force-exclude", named, cwd=tmp_path).returncode == 0
    project(tmp_path, 'extend-exclude = ["tests/*"]\nforce-exclude = true')
    assert gradlint(named, cwd=tmp_path).returncode == 0


@pytest.mark.parametrize(
    "body, message",
    [
        ('select = ["GL999"]', "unknown rule selector `GL999` in `select` in [tool.gradlint] of"),
        ('ignore = ["XYZ"]', "unknown rule selector `XYZ` in `ignore`"),
        ('select = "GL107"', "`select` in [tool.gradlint] of"),
        ("exclude = 3", "`exclude` in [tool.gradlint] of"),
        ('selct = ["GL107"]', "unknown key `selct` in [tool.gradlint] of"),
        ('extend_select = ["GL107"]', "unknown key `extend_select` in [tool.gradlint] of"),
        ('per-file-ignores = ["x"]', "`per-file-ignores` in [tool.gradlint] of"),
        (
            '[tool.gradlint.per-file-ignores]\n"tests/*" = ["GL9"]',
            'unknown rule selector `GL9` in `per-file-ignores."tests/*"`',
        ),
        ("respect-gitignore = 1", "`respect-gitignore` in [tool.gradlint] of"),
        ("select = [", "invalid TOML"),
    ],
)
def test_config_errors_are_one_line_and_exit_2(tmp_path, gradlint, body, message):
    project(tmp_path, body)
    result = gradlint(".", cwd=tmp_path)
    assert result.returncode == 2
    lines = err(result).splitlines()
    assert len(lines) == 1 and lines[0].startswith("gradlint: error: "), err(result)
    assert message in lines[0]
    assert out(result) == ""


def test_unknown_code_on_the_command_line(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    result = gradlint("--select", "GL1,BAD1", "a.py", cwd=tmp_path)
    assert result.returncode == 2
    assert err(result).strip() == "gradlint: error: unknown rule selector `BAD1` in `--select`"


def test_explicit_config_file_and_isolated(tmp_path, gradlint):
    write(tmp_path, "gl.toml", 'ignore = ["GL107"]\n')
    write(tmp_path, "a.py", FLAGGED)
    assert gradlint("--config", "gl.toml", "a.py", cwd=tmp_path).returncode == 0
    project(tmp_path, 'ignore = ["GL107"]')
    assert gradlint("--isolated", "src/train.py", cwd=tmp_path).returncode == 1
    missing = gradlint("--config", "nope.toml", "a.py", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.toml: no such file" in err(missing)


@pytest.mark.parametrize(
    "layers, enabled",
    [
        ([], {"GL107"}),
        ([Selection(select=("GL1",))], {"GL107"}),
        ([Selection(select=("ALL",), ignore=("GL107",))], set()),
        ([Selection(select=("GL107",), ignore=("GL1",))], {"GL107"}),  # more specific wins
        ([Selection(select=("GL1",), ignore=("GL1",))], set()),  # ignore wins a tie
        ([Selection(ignore=("GL107",)), Selection(extend_select=("GL107",))], {"GL107"}),
        ([Selection(ignore=("ALL",))], set()),
    ],
)
def test_selection_resolution(layers, enabled):
    settings = Settings(layers=list(layers))
    assert set(settings.enabled_codes()) & {"GL107"} == enabled
