"""Writing fixes back: to a temporary file in the same folder, renamed over the file.

A crash or a full disk never leaves half a file, the file keeps its permissions (and
its owner and group where this user may set them), and a file that changed since
gradlint read it is left alone: the fixes were computed for the old content, and
writing them would lose the edit made meanwhile.
"""

from __future__ import annotations

import os
import tempfile


class WriteError(Exception):
    """The fixes were not written; the reason, in a few words."""


def replace(path: str, data: bytes, original: bytes) -> None:
    """Write ``data`` as the new content of ``path``, whose content was ``original``."""
    target = os.path.realpath(path)  # through a symlink: replace the file, keep the link
    try:
        with open(target, "rb") as handle:
            current = handle.read()
        if current != original:
            raise WriteError("it changed since gradlint read it; nothing written (run gradlint again)")
        info = os.stat(target)
        # the file must be writable for us, as when writing it in place (a read-only file stays as it is)
        os.close(os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0)))
        handle_fd, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", dir=os.path.dirname(target)
        )
    except OSError as exc:
        raise WriteError(exc.strerror or str(exc)) from None
    try:
        with os.fdopen(handle_fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, info.st_mode & 0o7777)
        if hasattr(os, "chown"):
            try:
                os.chown(temporary, info.st_uid, info.st_gid)
            except OSError:  # another owner: only root may give the file back to them
                pass
        os.replace(temporary, target)
    except OSError as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise WriteError(exc.strerror or str(exc)) from None
