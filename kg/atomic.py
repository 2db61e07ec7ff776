"""Write files atomically: readers see the old file or the complete new one, never a partial write.

The data goes to a temporary file in the destination's directory (so :func:`os.replace` stays on one file
system), is flushed and ``fsync``-ed, then renamed over the destination.  If anything fails, the temporary
file is removed and the old file is left as it was.

Example:
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = pathlib.Path(tmp, "out", "graph.ttl")
    ...     atomic_write(target, "kg:a kg:b kg:c .\\n")
    ...     target.read_text(encoding="utf-8")
    'kg:a kg:b kg:c .\\n'
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal, overload

__all__ = ["atomic_open", "atomic_write"]

_TEXT_MODES = {"w": "w", "wb": "wb"}


def _create_temp(target: Path) -> tuple[int, Path]:
    """Create a new, empty temporary file next to ``target``; the umask applies to its permissions."""
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits make this practically impossible
            continue
        return fd, tmp
    raise FileExistsError(f"could not create a temporary file next to {target}")  # pragma: no cover


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself; not every platform can open a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["w"] = "w", *, encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["wb"], *, encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_open(
    path: str | os.PathLike[str], mode: Literal["w", "wb"] = "w", *, encoding: str = "utf-8"
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Open ``path`` for writing so that it is replaced only when the ``with`` block ends without error.

    Parent directories are created.  Text mode writes ``encoding`` without newline translation.  A symlink at
    ``path`` is followed: its target is replaced.  An existing file keeps its permission bits.

    Args:
        path: the file to (re)write.
        mode: ``"w"`` for text, ``"wb"`` for bytes.
        encoding: text encoding in ``"w"`` mode.

    Raises:
        ValueError: for any other ``mode``.
        OSError: when the directory or file cannot be written (the old file is then untouched).

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     target = pathlib.Path(tmp, "a.txt")
        ...     target.write_text("old", encoding="utf-8")
        ...     try:
        ...         with atomic_open(target) as f:
        ...             _ = f.write("new, but")
        ...             raise RuntimeError("writer failed")
        ...     except RuntimeError:
        ...         pass
        ...     target.read_text(encoding="utf-8"), sorted(p.name for p in pathlib.Path(tmp).iterdir())
        3
        ('old', ['a.txt'])
    """
    if mode not in _TEXT_MODES:
        raise ValueError(f"atomic_open supports mode 'w' or 'wb', not {mode!r}")
    return _atomic_open(Path(path), mode, encoding)


@contextlib.contextmanager
def _atomic_open(path: Path, mode: str, encoding: str) -> Iterator[IO]:
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temp(target)
    file: IO | None = None
    try:
        with contextlib.suppress(FileNotFoundError):
            existing = os.stat(target)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, stat.S_IMODE(existing.st_mode))
        if mode == "wb":
            file = os.fdopen(fd, "wb")
        else:
            file = os.fdopen(fd, "w", encoding=encoding, newline="")
        yield file
        file.flush()
        os.fsync(file.fileno())
        file.close()
        os.replace(tmp, target)
    except BaseException:
        if file is not None:
            with contextlib.suppress(OSError):
                file.close()
        else:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_directory(target.parent)


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace the contents of ``path`` with ``data`` atomically (``str`` is encoded with ``encoding``).

    Raises:
        OSError: when the file cannot be written; the old file is then untouched.

    Example:
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     atomic_write(pathlib.Path(tmp, "b.bin"), b"\\x00\\x01")
        ...     pathlib.Path(tmp, "b.bin").read_bytes()
        b'\\x00\\x01'
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_open(path, "wb") as f:
        f.write(payload)
