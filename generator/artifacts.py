"""The one place that writes output folders, and it writes them atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from generator.findings import Finding
from generator.jsonio import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Written into every folder the toolkit writes: its first line names the command. Only a folder marked by the
# same command may be replaced, so an unrelated folder, a project or a repository is never deleted.
MARKER = ".connector-toolkit"


class UnsafeOutput(InputError):
    """An output that would destroy something the toolkit did not write; the command exits 2."""

    def to_finding(self, rule: str = "unsafe-output") -> Finding:
        return super().to_finding(rule)


def write_folder(out: Path, files: dict[str, bytes], writer: str, inputs: Iterable[Path] = (),
                 replace: bool = True, mark: bool = True) -> None:
    """Replace the folder `out` with exactly `files` (and the marker), or leave it untouched if anything fails.

    `writer` is the command ("connector build"); `inputs` are the paths the command read, which the output may
    never be or hold. An existing folder is replaced only when it is empty or `writer` marked it (and
    `replace` allows it); anything else raises UnsafeOutput before a byte is written. The new content is
    written into a temporary sibling folder and swapped in with renames, so a reader never sees a half-written
    folder and a failed write keeps the previous output. Without `mark` the folder gets no marker, so no command
    will ever replace it (a new project belongs to its author).
    """
    out = out.resolve()
    check_output_folder(out, writer, inputs, replace)
    if mark:
        files = {**files, MARKER: _marker_text(writer)}
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


def check_output_folder(out: Path, writer: str, inputs: Iterable[Path] = (), replace: bool = True) -> None:
    """Raise UnsafeOutput unless `writer` may replace the folder `out` (see write_folder)."""
    out = out.resolve()
    for source in inputs:
        source = source.resolve()
        if source == out or source.is_relative_to(out):
            what = "is" if source == out else "holds"
            raise UnsafeOutput(f"refusing to write here: the output folder {what} this command's input "
                               f"({source}); choose another folder, such as build/", str(out))
    if not out.exists():
        return
    if not out.is_dir():
        raise UnsafeOutput("refusing to write here: the output path exists and is not a folder", str(out))
    try:
        entries = sorted(entry.name for entry in out.iterdir())
    except OSError as exc:
        raise InputError(f"cannot read the output folder: {exc.strerror}", str(out)) from None
    if not entries:
        return
    if MARKER not in entries:
        raise UnsafeOutput(f"refusing to replace the output folder: it is not empty and {writer} did not write it "
                           f"(it has no {MARKER} file); empty it, remove it or choose another folder", str(out))
    marked_by = _marker_writer(out / MARKER)
    if marked_by != writer:
        raise UnsafeOutput(f"refusing to replace the output folder: {marked_by or 'something else'} wrote it, "
                           f"not {writer}; remove it or choose another folder", str(out))
    if not replace:
        raise UnsafeOutput(f"the output folder is not empty; pass --force to replace what {writer} wrote there",
                           str(out))
    repository = next(_repositories(out), None)
    if repository is not None:
        raise UnsafeOutput(f"refusing to replace the output folder: it holds a git repository ({repository})",
                           str(out))


def check_output_file(path: Path, inputs: Iterable[Path] = ()) -> None:
    """Raise UnsafeOutput if writing the file `path` would replace an input or touch a repository's internals."""
    path = path.resolve()
    if any(path == source.resolve() for source in inputs):
        raise UnsafeOutput("refusing to write here: the output file is one of this command's inputs; choose "
                           "another file", str(path))
    if ".git" in path.parts:
        raise UnsafeOutput("refusing to write inside a repository's .git folder", str(path))


def _marker_text(writer: str) -> bytes:
    return (f"{writer}\nWritten by {writer}, which may replace this whole folder when it runs again (connector "
            "build does on every build). Delete this file to keep the folder from being replaced.\n").encode("utf-8")


def _marker_writer(marker: Path) -> str | None:
    try:
        with open(marker, "rb") as handle:
            first = handle.readline(200)
    except OSError:
        return None
    return first.decode("utf-8", "replace").strip() or None


def _repositories(folder: Path) -> Iterator[Path]:
    """Every .git (a repository or a worktree's link file) inside `folder`, which is one the toolkit wrote."""
    for parent, folders, names in os.walk(folder):
        if ".git" in folders or ".git" in names:
            yield Path(parent) / ".git"


def write_file(path: Path, content: bytes, inputs: Iterable[Path] = ()) -> None:
    """Write one file atomically (temporary file in the same folder, then rename).

    `inputs` are the files the command read: replacing one of them, or writing inside a repository's .git
    folder, raises UnsafeOutput.
    """
    path = path.resolve()
    check_output_file(path, inputs)
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
