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


def linted(gradlint, *args: str, cwd, status: int = 1) -> set[str]:
    """The paths with findings (FLAGGED files: each linted one has a finding)."""
    return reported(gradlint(*args, cwd=cwd, status=status))


def test_config_is_found_upward_from_the_working_directory(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    result = gradlint(".", cwd=tmp_path / "src", status=0)
    assert out(result) == "All checks passed!\n"


def test_a_pyproject_without_our_table_is_skipped_on_the_way_up(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    write(tmp_path, "src/pyproject.toml", '[project]\nname = "inner"\n')
    gradlint(".", cwd=tmp_path / "src", status=0)
    gradlint("src", cwd=tmp_path, status=0)


def test_command_line_select_wins_over_config(tmp_path, gradlint):
    project(tmp_path, 'ignore = ["GL107"]')
    assert linted(gradlint, "--select", "GL107", ".", cwd=tmp_path) == {"src/train.py", "tests/test_train.py"}


def test_per_file_ignores_from_config(tmp_path, gradlint):
    project(tmp_path, '[tool.gradlint.per-file-ignores]\n"tests/*" = ["GL1"]')
    assert linted(gradlint, ".", cwd=tmp_path) == {"src/train.py"}


def test_per_file_ignores_from_the_command_line(tmp_path, gradlint):
    project(tmp_path, "")
    assert linted(gradlint, "--per-file-ignores", "src/*:GL107", ".", cwd=tmp_path) == {"tests/test_train.py"}


def test_exclude_and_extend_exclude(tmp_path, gradlint):
    project(tmp_path, 'extend-exclude = ["tests"]')
    assert linted(gradlint, ".", cwd=tmp_path) == {"src/train.py"}
    assert linted(gradlint, "--extend-exclude", "src", ".", cwd=tmp_path, status=0) == set()
    # exclude replaces the defaults: build/ is linted again
    write(tmp_path, "build/gen.py", FLAGGED)
    assert "build/gen.py" not in linted(gradlint, ".", cwd=tmp_path)
    assert "build/gen.py" in linted(gradlint, "--exclude", "tests", ".", cwd=tmp_path)


def test_force_exclude_applies_to_named_files(tmp_path, gradlint):
    project(tmp_path, 'extend-exclude = ["tests/*"]')
    named = "tests/test_train.py"
    assert linted(gradlint, named, cwd=tmp_path) == {named}
    assert out(gradlint("--force-exclude", named, cwd=tmp_path, status=0)) == "All checks passed!\n"
    project(tmp_path, 'extend-exclude = ["tests/*"]\nforce-exclude = true')
    assert out(gradlint(named, cwd=tmp_path, status=0)) == "All checks passed!\n"


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
    result = gradlint(".", cwd=tmp_path, status=2)
    lines = err(result).splitlines()
    assert len(lines) == 1 and lines[0].startswith("gradlint: error: "), err(result)
    assert message in lines[0]
    assert out(result) == ""


def test_unknown_code_on_the_command_line(tmp_path, gradlint):
    write(tmp_path, "a.py", FLAGGED)
    result = gradlint("--select", "GL1,BAD1", "a.py", cwd=tmp_path, status=2)
    assert err(result).strip() == "gradlint: error: unknown rule selector `BAD1` in `--select`"


def test_explicit_config_file_and_isolated(tmp_path, gradlint):
    write(tmp_path, "gl.toml", 'ignore = ["GL107"]\n')
    write(tmp_path, "a.py", FLAGGED)
    gradlint("--config", "gl.toml", "a.py", cwd=tmp_path, status=0)
    project(tmp_path, 'ignore = ["GL107"]')
    assert linted(gradlint, "--isolated", "src/train.py", cwd=tmp_path) == {"src/train.py"}
    missing = gradlint("--config", "nope.toml", "a.py", cwd=tmp_path, status=2)
    assert err(missing) == "gradlint: error: --config: nope.toml: no such file\n"


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


# ---------------------------------------------------------------- the nearest config, per file


def monorepo(tmp_path):
    """A root with its own config, a project with another, and a folder with none."""
    write(tmp_path, "pyproject.toml", '[tool.gradlint]\nextend-exclude = ["scratch"]\n')
    write(
        tmp_path,
        "project/pyproject.toml",
        '[tool.gradlint]\nextend-exclude = ["gen"]\n\n[tool.gradlint.per-file-ignores]\n"tests/*" = ["GL107"]\n',
    )
    for name in (
        "project/src/train.py",
        "project/gen/out.py",
        "project/tests/test_a.py",
        "project/scratch/s.py",
        "tools/tests/test_b.py",
        "tools/gen/c.py",
        "scratch/d.py",
    ):
        write(tmp_path, name, FLAGGED)
    return tmp_path


def test_each_file_uses_the_nearest_config_above_it(tmp_path, gradlint):
    monorepo(tmp_path)
    expected = {
        "project/src/train.py",
        "project/scratch/s.py",  # the project's config replaces the root's: no `scratch` there
        "tools/tests/test_b.py",  # the root's config: no per-file ignore for tests
        "tools/gen/c.py",
    }
    assert linted(gradlint, ".", cwd=tmp_path) == expected
    # the same from anywhere: below the root, inside the project, or outside it all
    assert linted(gradlint, "project", cwd=tmp_path) == {"project/src/train.py", "project/scratch/s.py"}
    assert linted(gradlint, ".", cwd=tmp_path / "project") == {"src/train.py", "scratch/s.py"}
    outside = {
        m.replace(f"{tmp_path.name}/", "", 1) for m in linted(gradlint, tmp_path.name, cwd=tmp_path.parent)
    }
    assert outside == expected


def test_named_files_use_their_own_config(tmp_path, gradlint):
    monorepo(tmp_path)
    named = ["project/tests/test_a.py", "tools/tests/test_b.py", "project/gen/out.py"]
    # per-file ignores hold for a named file; excludes do not without --force-exclude
    assert linted(gradlint, *named, cwd=tmp_path) == {"tools/tests/test_b.py", "project/gen/out.py"}
    assert linted(gradlint, "--force-exclude", *named, cwd=tmp_path) == {"tools/tests/test_b.py"}


def test_config_option_applies_one_file_everywhere(tmp_path, gradlint):
    monorepo(tmp_path)
    write(tmp_path, "ci.toml", 'ignore = ["GL107"]\n')
    gradlint("--config", "ci.toml", ".", cwd=tmp_path, status=0)
    # its globs are anchored to its own folder
    write(tmp_path, "conf/ci.toml", 'extend-exclude = ["project"]\n')
    assert linted(gradlint, "--config", "conf/ci.toml", ".", cwd=tmp_path) == {
        "tools/tests/test_b.py",
        "tools/gen/c.py",
        "scratch/d.py",
    }


def test_globs_are_anchored_to_their_configs_folder(tmp_path, gradlint):
    """`src/*` in project/pyproject.toml means project/src, not src/ of the working
    directory; a command-line glob is anchored to the working directory."""
    write(tmp_path, "project/pyproject.toml", '[tool.gradlint.per-file-ignores]\n"src/*" = ["GL107"]\n')
    write(tmp_path, "project/src/a.py", FLAGGED)
    write(tmp_path, "project/lib/src/b.py", FLAGGED)
    assert linted(gradlint, "project", cwd=tmp_path) == {"project/lib/src/b.py"}
    assert (
        linted(gradlint, "--per-file-ignores", "project/lib/*:GL107", "project", cwd=tmp_path, status=0)
        == set()
    )
    assert linted(gradlint, "--per-file-ignores", "lib/*:GL107", "project", cwd=tmp_path) == {
        "project/lib/src/b.py"
    }


def test_command_line_wins_over_every_config(tmp_path, gradlint):
    monorepo(tmp_path)
    assert linted(gradlint, "--ignore", "GL107", ".", cwd=tmp_path, status=0) == set()
    assert linted(gradlint, "--extend-exclude", "tools,project", ".", cwd=tmp_path, status=0) == set()
    # --exclude replaces every config's `exclude` (the defaults here), not its `extend-exclude`
    write(tmp_path, "project/build/x.py", FLAGGED)
    assert "project/build/x.py" not in linted(gradlint, ".", cwd=tmp_path)
    found = linted(gradlint, "--exclude", "nothing", ".", cwd=tmp_path)
    assert "project/build/x.py" in found and "project/gen/out.py" not in found


def test_a_broken_nested_config_is_a_one_line_error(tmp_path, gradlint):
    monorepo(tmp_path)
    write(tmp_path, "tools/pyproject.toml", "[tool.gradlint]\nselect = [\n")
    result = gradlint(".", cwd=tmp_path, status=2)
    assert err(result).startswith(f"gradlint: error: {tmp_path / 'tools' / 'pyproject.toml'}: invalid TOML")
    assert len(err(result).splitlines()) == 1


def test_stdin_uses_the_config_of_its_name(tmp_path, gradlint):
    monorepo(tmp_path)
    for name, status in (("project/tests/test_x.py", 0), ("tools/tests/test_x.py", 1)):
        gradlint("--stdin-filename", name, "-", stdin=FLAGGED.encode(), cwd=tmp_path, status=status)


def test_show_settings(tmp_path, gradlint):
    monorepo(tmp_path)
    result = gradlint("--show-settings", "project/tests/test_a.py", cwd=tmp_path, status=0)
    project_dir = (tmp_path / "project").as_posix()
    assert out(result) == (
        f'Resolved settings for: "{project_dir}/tests/test_a.py"\n'
        f'Settings path: "{project_dir}/pyproject.toml"\n'
        "\n"
        f'root = "{project_dir}"\n'
        'rules = ["GL101", "GL102", "GL103", "GL104", "GL105", "GL106", "GL108", "GL109", "GL110", "GL111", '
        '"GL112", "GL113", "GL114", "GL115"]\n'
        'enabled = ["GL101", "GL102", "GL103", "GL104", "GL105", "GL106", "GL107", "GL108", "GL109", "GL110", '
        '"GL111", "GL112", "GL113", "GL114", "GL115"]\n'
        'ignored-here = ["GL107"]\n'
        f'per-file-ignores = {{"{project_dir}/tests/*" = ["GL107"]}}\n'
        'exclude = [".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "build", "dist", ".tox", ".nox", '
        '"node_modules", "site-packages", ".mypy_cache", ".ruff_cache", ".gradlint_cache", ".pytest_cache", ".eggs"]\n'
        f'extend-exclude = ["{project_dir}/gen"]\n'
        "excluded = false\n"
        "respect-gitignore = true\n"
        "force-exclude = false\n"
        'output-format = "concise"\n'
    )
    # a folder: the first file found in it, as Ruff does; the command line shows through
    folder = gradlint("--show-settings", "--select", "GL101", "tools", cwd=tmp_path, status=0)
    assert out(folder).startswith(f'Resolved settings for: "{(tmp_path / "tools/gen/c.py").as_posix()}"\n')
    assert f'Settings path: "{(tmp_path / "pyproject.toml").as_posix()}"\n' in out(folder)
    assert 'rules = ["GL101"]\n' in out(folder)
    # no config anywhere: no settings path
    isolated = gradlint("--show-settings", "--isolated", "scratch/d.py", cwd=tmp_path, status=0)
    assert "Settings path" not in out(isolated) and (
        'rules = ["GL101", "GL102", "GL103", "GL104", "GL105", "GL106", "GL107", "GL108", "GL109", "GL110", '
        '"GL111", "GL112", "GL113", "GL114", "GL115"]'
    ) in out(isolated)
    empty = gradlint("--show-settings", "nope", cwd=tmp_path, status=2)
    assert err(empty) == (
        "gradlint: error: nope: no such file or directory\n"
        "gradlint: error: no Python files found under the given paths\n"
    )
