"""The distribution: its name on the package index, its command, a clean build."""

from __future__ import annotations

import zipfile

from gradlint import __version__


def wheel_file(wheel, suffix: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name).decode()


def test_the_distribution_is_torch_gradlint_and_the_command_gradlint(wheel):
    """`gradlint` on the package index is another project; ours is `torch-gradlint`."""
    assert wheel.name == f"torch_gradlint-{__version__}-py3-none-any.whl"
    metadata = wheel_file(wheel, ".dist-info/METADATA").splitlines()
    assert "Name: torch-gradlint" in metadata
    assert f"Version: {__version__}" in metadata
    assert "License-Expression: MIT" in metadata
    assert "Provides-Extra: server" in metadata
    assert 'Requires-Dist: pygls<3,>=2; extra == "server"' in metadata
    assert (
        wheel_file(wheel, ".dist-info/entry_points.txt")
        == "[console_scripts]\ngradlint = gradlint.cli:main\n\n[flake8.extension]\nGL = gradlint.flake8:Plugin\n"
    )


def test_the_build_warns_about_nothing(wheel):
    """setuptools deprecations (a `license` table, say) show in the build's own output."""
    log = (wheel.parent / "build.log").read_text()
    assert "Successfully built torch-gradlint" in log
    for word in ("Deprecat", "deprecat", "Warning"):
        assert word not in log, [line for line in log.splitlines() if word in line]
