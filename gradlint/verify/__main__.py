"""``python -m gradlint.verify``: run every fixture on every available device and print
the table (rule, fixture, device, torch version, static result, runtime result, agree).
Exit status 1 when any fixture disagrees."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gradlint.fixtures import load_fixtures
from gradlint.verify.harness import Harness, table


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m gradlint.verify", description=__doc__.splitlines()[0])
    parser.add_argument("--rules-dir", default="rules", help="the fixture catalogue (default: rules)")
    parser.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto", help="auto: cpu, and cuda when available"
    )
    parser.add_argument("--rule", action="append", help="only this rule's fixtures (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    args = parser.parse_args()
    fixtures = load_fixtures(Path(args.rules_dir))
    if args.rule:
        fixtures = [f for f in fixtures if f.code in args.rule]
    verdicts = []
    with Harness() as harness:
        devices = harness.devices() if args.device == "auto" else [args.device]
        for device in devices:
            for fixture in fixtures:
                verdicts.append(harness.check(fixture, device))
    if args.json:
        print(
            json.dumps(
                [
                    dict(
                        zip(["rule", "fixture", "device", "torch", "static", "runtime", "agree"], v.row()),
                        problems=v.problems,
                    )
                    for v in verdicts
                ],
                indent=2,
            )
        )
    else:
        sys.stdout.write(table(verdicts))
        for verdict in verdicts:
            for problem in verdict.problems:
                print(f"{verdict.fixture.id} [{verdict.device}]: {problem}")
        agreed = sum(v.agree is True for v in verdicts)
        skipped = sum(v.agree is None for v in verdicts)
        print(f"{agreed} agree, {len(verdicts) - agreed - skipped} disagree, {skipped} not applicable")
    return 1 if any(v.agree is False for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
