"""A progress line for long builds: records done (of how many), characters per second and time left.

The CLI shows it on a terminal (stderr) and stays quiet otherwise.  The total is counted before the build
starts, cheaply: one record per text/HTML/JSON file, one per non-blank line of a JSONL file (a byte scan,
no parsing); stdin has no total, so the line shows the rate without an ETA.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from kg.model import Document, Packed
from kg.reader import _folder_files

_CHUNK = 1 << 20


def count_records(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many records ``inputs`` hold, as :func:`kg.reader.read_inputs` reads them (before bad ones are
    skipped); ``None`` when an input is stdin.

    Example:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     _ = pathlib.Path(tmp, "a.jsonl").write_text('{"text": "x"}\\n\\n{"text": "y"}')
        ...     _ = pathlib.Path(tmp, "b.txt").write_text("国务院")
        ...     count_records([tmp])
        3
    """
    total = 0
    for given in inputs:
        if isinstance(given, str) and given == "-":
            return None
        path = Path(given)
        if path.is_dir():
            total += sum(_file_records(path / rel) for rel in _folder_files(path))
        elif path.is_file():
            total += _file_records(path)
    return total


def _file_records(path: Path) -> int:
    """1 for a text, HTML or JSON file; the non-blank lines of a JSONL file."""
    if path.suffix.lower() != ".jsonl":
        return 1
    count = 0
    open_line = False  # the line running over the chunk boundary has content
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                lines = chunk.split(b"\n")
                for part in lines[:-1]:  # each ends with a newline
                    count += open_line or bool(part.strip())
                    open_line = False
                open_line = open_line or bool(lines[-1].strip())
    except OSError:
        return 0  # read_inputs reports it
    return count + open_line


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts documents as they pass and redraws one status line at most every ``every`` seconds.

    Example:
        >>> import io
        >>> from kg.reader import document_from_text
        >>> out = io.StringIO()
        >>> p = Progress(total=2, stream=out, every=0)
        >>> docs = list(p.track([document_from_text("国务院常务会议召开。", "a")] * 2))
        >>> p.close()
        >>> out.getvalue().rsplit("\\r", 1)[-1].split()[:2]
        ['2/2', 'records']
    """

    def __init__(self, total: int | None = None, *, stream: TextIO | None = None, every: float = 0.2,
                 label: str = "records") -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.every = every
        self.label = label
        self.records = 0
        self.chars = 0
        self._start = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def update(self, doc: Document | Packed) -> None:
        """Count one document (its characters too) and redraw if it is time."""
        self.records += 1
        self.chars += doc.chars if isinstance(doc, Packed) else len(doc.text)
        now = time.monotonic()
        if now - self._drawn >= self.every:
            self._draw(now)

    def track(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Yield ``docs`` unchanged, counting each."""
        for doc in docs:
            self.update(doc)
            yield doc

    def line(self, now: float | None = None) -> str:
        """The status line: ``1,234/16,550 records  56,021 chars/s  2.1 rec/s  ETA 1:02``."""
        elapsed = max((now if now is not None else time.monotonic()) - self._start, 1e-9)
        done = f"{self.records:,}" + (f"/{self.total:,}" if self.total else "")
        parts = [f"{done} {self.label}", f"{self.chars / elapsed:,.0f} chars/s", f"elapsed {_clock(elapsed)}"]
        if self.total and self.records:
            left = max(self.total - self.records, 0) * elapsed / self.records
            parts.append(f"ETA {_clock(left)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        pad = " " * max(self._width - len(text), 0)
        self._width = len(text)
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._drawn = now

    def close(self) -> None:
        """Draw the final figures and end the line."""
        self._draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()
