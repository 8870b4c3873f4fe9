"""The one way input files are read: regular files only, never more than a documented number of bytes.

A FIFO would block a read forever and /dev/zero would fill the memory, so anything that is not a
regular file is refused before a byte is read; a regular file is read up to the limit and no further.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.jsonio import InputError
from generator.source.text import utf8_text

# Every input file (YAML source, swagger, properties, icon, script, seed, pyproject.toml) is at most this
# large. The largest accepted connectors are a few megabytes; 20 MB swaggers exist and must still load.
MAX_INPUT_BYTES = 64 * 1024 * 1024

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_input(path: Path, display: str | None = None, limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path`; anything else, or more than `limit` bytes, raises InputError."""
    name = display or str(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", name) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((what for test, what in _KINDS if test(info.st_mode)), "not a regular file")
            raise InputError(f"cannot read {kind}: an input must be a regular file", name)
        if info.st_size > limit:
            raise InputError(_too_large(info.st_size, limit), name)
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            # The file grew while it was read, or its size was not what fstat said.
            raise InputError(_too_large(size, limit), name)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", name) from None
    finally:
        os.close(fd)


def read_input_text(path: Path, display: str | None = None, limit: int | None = None) -> str:
    """The UTF-8 text of the file at `path` (a BOM is accepted), read as `read_input` does."""
    return utf8_text(read_input(path, display, limit), display or str(path))


def _too_large(size: int, limit: int) -> str:
    return (f"the file is larger than {limit // (1024 * 1024)} MiB ({size:,} bytes or more), the limit of an "
            "input file (see docs/safety.md)")
