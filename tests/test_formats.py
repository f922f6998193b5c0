"""The CI formats, read as their consumers read them: JUnit XML (junitparser, which CI
tools use to read test reports, and the JUnit schema's required attributes) and GitLab
Code Quality (the issue fields GitLab validates, one issue per fingerprint)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
from junitparser import Failure, JUnitXml

from tests.conftest import out
from tests.test_cli import CLEAN, FLAGGED, WITH_CLASS, write
from tests.test_notebook import CELLS, notebook_text

# the attributes the JUnit XML schema (Jenkins' junit-10.xsd, which GitLab and Azure
# read too) allows on each element, and those it requires
JUNIT_ATTRIBUTES = {
    "testsuites": ({"name", "time", "tests", "failures", "disabled", "errors"}, set()),
    "testsuite": (
        {
            "name",
            "tests",
            "failures",
            "errors",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
        },
        {"name", "tests"},
    ),
    "testcase": ({"name", "assertions", "time", "classname", "status"}, {"name"}),
    "failure": ({"message", "type"}, set()),
}

# GitLab's Code Quality report: an array of issues; each needs these fields, with a
# severity from GitLab's scale and a path relative to the repository
CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def check_junit_schema(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    for element in root.iter():
        allowed, required = JUNIT_ATTRIBUTES[element.tag]
        assert set(element.attrib) <= allowed, (element.tag, element.attrib)
        assert required <= set(element.attrib), (element.tag, element.attrib)
    for suite in root:
        assert suite.tag == "testsuite"
        assert all(case.tag == "testcase" for case in suite)
    return root


def test_junit_one_failed_case_per_finding(tmp_path, gradlint):
    write(tmp_path, "train.py", FLAGGED)
    write(tmp_path, "eval.py", WITH_CLASS)
    write(tmp_path, "ok.py", CLEAN)
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    result = gradlint("--output-format", "junit", ".", cwd=tmp_path, status=1)
    check_junit_schema(out(result))
    report = JUnitXml.fromstring(out(result))
    suites = {suite.name: suite for suite in report}
    assert set(suites) == {"train.py", "eval.py", "nb.ipynb"}
    assert (report.tests, report.failures, report.errors) == (4, 4, 0)
    (case,) = list(suites["train.py"])
    assert case.classname == "train.py" and case.name == "GL107 (no-grad-not-entered) at 5:5"
    (failure,) = case.result
    assert isinstance(failure, Failure) and failure.type == "GL107"
    assert failure.text.startswith("train.py:5:5: GL107 `torch.no_grad()` as a statement")
    assert [c.name for c in suites["nb.ipynb"]] == [
        "GL107 (no-grad-not-entered) at cell 4:3:6",
        "GL101 (inplace-on-leaf) at cell 4:5:1",
    ]


def test_junit_clean_run_is_one_passing_case(tmp_path, gradlint):
    write(tmp_path, "ok.py", CLEAN)
    result = gradlint("--output-format", "junit", ".", cwd=tmp_path, status=0)
    check_junit_schema(out(result))
    report = JUnitXml.fromstring(out(result))
    assert (report.tests, report.failures) == (1, 0)
    (case,) = [case for suite in report for case in suite]
    assert case.is_passed


def test_junit_escapes_what_xml_must(tmp_path, gradlint):
    write(tmp_path, "a&b <c>.py", FLAGGED)
    result = gradlint("--output-format", "junit", ".", cwd=tmp_path, status=1)
    (suite,) = JUnitXml.fromstring(out(result))
    assert suite.name == "a&b <c>.py"


def gitlab_issues(folder, gradlint, status: int = 1) -> list[dict]:
    result = gradlint("--output-format", "gitlab", ".", cwd=folder, status=status)
    issues = json.loads(out(result))
    jsonschema.validate(issues, CODE_QUALITY)
    return issues


def test_gitlab_report_validates_and_names_the_rule(tmp_path, gradlint):
    write(tmp_path, "src/train.py", FLAGGED)
    write(tmp_path, "nb.ipynb", notebook_text(CELLS))
    issues = gitlab_issues(tmp_path, gradlint)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("GL107", "nb.ipynb", 3),
        ("GL101", "nb.ipynb", 5),
        ("GL107", "src/train.py", 5),
    ]
    assert issues[0]["description"].startswith("cell 4: GL107 ")
    assert issues[2]["description"].startswith("GL107 `torch.no_grad()` as a statement")
    assert gitlab_issues(tmp_path / "src", gradlint)[0]["location"]["path"] == "train.py"


def test_gitlab_fingerprints_are_unique_and_survive_unrelated_edits(tmp_path, gradlint):
    twice = FLAGGED + "\n\ndef again(model, x):\n    torch.no_grad()\n    return model(x)\n"
    write(tmp_path, "train.py", twice)
    before = gitlab_issues(tmp_path, gradlint)
    fingerprints = [i["fingerprint"] for i in before]
    assert len(fingerprints) == 2 and len(set(fingerprints)) == 2  # the same line twice: still two
    # lines added above, whitespace changed: the same findings keep their fingerprints
    write(
        tmp_path,
        "train.py",
        '"""Docs."""\n\nimport os\n' + twice.replace("    torch.no_grad()", "    torch.no_grad( )"),
    )
    after = gitlab_issues(tmp_path, gradlint)
    assert [i["location"]["lines"]["begin"] for i in after] != [
        i["location"]["lines"]["begin"] for i in before
    ]
    assert [i["fingerprint"] for i in after] == fingerprints
    # another file, or another line's finding, is another issue
    write(tmp_path, "other.py", FLAGGED)
    both = gitlab_issues(tmp_path, gradlint)
    assert len({i["fingerprint"] for i in both}) == 3


def test_gitlab_clean_run_is_an_empty_report(tmp_path, gradlint):
    write(tmp_path, "ok.py", CLEAN)
    assert gitlab_issues(tmp_path, gradlint, status=0) == []
