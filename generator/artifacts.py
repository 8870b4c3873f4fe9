"""The one place that writes output folders, and it writes them atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.jsonio import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_folder(out: Path, files: dict[str, bytes]) -> None:
    """Replace the folder `out` with exactly `files`, or leave it untouched if anything fails.

    The new content is written into a temporary sibling folder and swapped in with renames, so a
    reader never sees a half-written folder and a failed build keeps the previous output.
    """
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError("output path exists and is not a folder", str(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
        # mkdtemp makes a private folder; the output is an ordinary one.
        os.chmod(staging, 0o777 & ~_umask())
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror}", str(out)) from None
    try:
        for name, content in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, retired / out.name)
            try:
                os.rename(staging, out)
            except OSError:
                os.rename(retired / out.name, out)  # put the previous output back
                shutil.rmtree(retired, ignore_errors=True)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"cannot write the output folder: {exc.strerror}", str(out)) from None


def write_file(path: Path, content: bytes) -> None:
    """Write one file atomically (temporary file in the same folder, then rename)."""
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write file: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"cannot write file: {exc.strerror}", str(path)) from None
