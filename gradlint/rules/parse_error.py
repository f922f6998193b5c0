from __future__ import annotations

from gradlint.rule import Rule


class ParseError(Rule):
    """The file could not be read or parsed, so no other rule could look at it.

    ## What it does
    Reports a file that is not valid Python as CPython or libcst reads it: a syntax
    error, Python 2 code, a NUL byte, inconsistent tabs and spaces, bytes that do not
    decode in the file's declared encoding, or nesting too deep to analyse. The message
    gives the parser's reason; the location is the parser's (CPython's when it also
    rejects the file).

    ## Why is this bad?
    A file gradlint cannot parse is a file it cannot check: its autograd bugs stay hidden.
    The run goes on with the other files and exits with status 1.

    ## Example
    ```python
    print "loss:", loss
    ```

    ## Use instead
    ```python
    print("loss:", loss)
    ```

    ## Runtime behaviour
    Python raises `SyntaxError` (or `UnicodeDecodeError`) when the module is imported.

    ## Fix safety
    There is no fix. GL001 is always on: `select`, `ignore`, `per-file-ignores` and a line's
    `# noqa` do not hide it; only a file-level `# gradlint: noqa` (which skips the file) does.
    """

    code = "GL001"
    name = "parse-error"
