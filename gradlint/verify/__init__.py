"""The runtime harness: every fixture under ``rules/`` executed with torch, and the
outcome compared with the linter's findings, line for line.

Run ``python -m gradlint.verify`` (see ``--help``). The linter never imports this
package; it needs torch.
"""
