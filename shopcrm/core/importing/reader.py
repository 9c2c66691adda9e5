"""Reading a CSV file another program wrote: its encoding, its delimiter, its rows.

The file is streamed: a row at a time, each line read with a length limit, so a file of a
million rows or a 10 MB field costs the memory of one bounded line, never of the file. Every
problem is a :class:`FileProblem` with the line it is on.

Encoding: UTF-8 (with or without its byte-order mark) when every byte of the file is valid
UTF-8 — checked in one quick pass before any row is read, so a stray Windows byte on line
90,000 cannot turn up after 89,999 rows were taken as UTF-8 —, else Windows-1252 (what Excel
writes on Western Windows), else Latin-1. UTF-16 with its mark (Excel's "Unicode text") is
read too. ``encoding`` overrides the guess; a file that is not in it fails on the line of its
first wrong byte. Delimiter: the one of ``,`` ``;`` and tab that the header line has most of
(outside quotes), unless given.
"""

from __future__ import annotations

import codecs
import csv
import io
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shopcrm.core.errors import ShopError
from shopcrm.core.validation import quoted

#: Longest line, and longest field, the reader takes (a note is at most 10,000 characters:
#: anything far longer is not a customer file).
MAX_LINE = 1_000_000
DELIMITERS = (",", ";", "\t")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")
_CHUNK = 1 << 20


class FileProblem(ShopError):
    """The file cannot be imported at all (nothing was): one line, with its line number."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


class _NotInEncoding(FileProblem):
    """The file is not in the encoding tried (the next guess may fit)."""


@dataclass(frozen=True)
class FileFormat:
    encoding: str
    delimiter: str


def check_path(path: Path) -> int:
    """The file's size; a clear problem for what is not a readable regular file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FileProblem(f"no file at {quoted(str(path), 200)}") from None
    except (OSError, ValueError) as exc:
        raise FileProblem(f"cannot read {quoted(str(path), 200)}: {_why(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(f"{quoted(str(path), 200)} is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(f"{quoted(str(path), 200)} is not a regular file (a device?)")
    if info.st_size == 0:
        raise FileProblem("the file is empty")
    return info.st_size


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def _open_binary(path: Path) -> io.BufferedReader:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise FileProblem(f"cannot read {quoted(str(path), 200)}: {_why(exc)}") from None


def detect_encoding(path: Path, given: str | None = None) -> str:
    """The encoding to read ``path`` with (see the module docstring)."""
    with _open_binary(path) as f:
        head = f.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _known(given) if given else "utf-16"
    if given:
        encoding = _known(given)
        _check_decodes(path, encoding)
        return encoding
    if head.startswith(codecs.BOM_UTF8):
        _check_decodes(path, "utf-8-sig")
        return "utf-8-sig"
    try:
        _check_decodes(path, "utf-8")
        return "utf-8"
    except _NotInEncoding:
        pass
    try:
        _check_decodes(path, "cp1252")
        return "cp1252"
    except _NotInEncoding:
        _check_decodes(path, "latin-1")  # every byte is a Latin-1 character: NULs only
        return "latin-1"


def _known(name: str) -> str:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        raise FileProblem(f"unknown encoding {quoted(name)} (try utf-8 or cp1252)") from None
    return {"iso8859-1": "latin-1", "windows-1252": "cp1252"}.get(canonical, canonical)


def _check_decodes(path: Path, encoding: str) -> None:
    """Raise on the line of the first byte that is not ``encoding`` (or a NUL: binary)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with _open_binary(path) as f:
        while True:
            chunk = f.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeError as exc:  # UTF-16 with no mark raises the base class
                start = getattr(exc, "start", 0)
                line = lines + chunk[:start].count(b"\n")
                bad = chunk[start : start + 1].hex().upper()
                where = f"byte 0x{bad}" if bad else "at the end of the file"
                raise _NotInEncoding(
                    f"not {encoding} text ({where}); give the file's encoding, e.g."
                    " --encoding cp1252",
                    line,
                ) from None
            if "\x00" in text:
                line = lines + text[: text.index("\x00")].count("\n")
                raise FileProblem("binary data, not a CSV text file", line)
            lines += text.count("\n")
            if not chunk:
                return


class _Lines:
    """The text's lines, each read with a limit; counts them for the line numbers."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text
        self.number = 0
        self.pending: str | None = None  # a line read ahead, handed out again first

    def __iter__(self) -> Iterator[str]:
        if self.pending is not None:
            line, self.pending = self.pending, None
            self.number += 1
            yield line
        while True:
            line = self._text.readline(MAX_LINE + 1)
            if not line:
                return
            self.number += 1
            if len(line) > MAX_LINE:
                raise FileProblem(f"longer than {MAX_LINE:,} characters", self.number)
            yield line


def sniff_delimiter(header_line: str) -> str:
    """The delimiter the header line has most of outside quotes (``,`` on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    inside = False
    for char in header_line:
        if char == '"':
            inside = not inside
        elif not inside and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _delimiter(given: str | None) -> str | None:
    if given is None:
        return None
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(given.lower(), given)
    if named not in (*DELIMITERS, "|"):
        raise FileProblem(f"the delimiter must be , ; tab or |, not {quoted(given)}")
    return named


class CsvRows:
    """The rows of a CSV file as ``(line, cells)``; the header in :attr:`header`.

    Use as a context manager; :attr:`format` says how it was read."""

    def __init__(self, path: Path, encoding: str | None = None, delimiter: str | None = None):
        self.size = check_path(path)
        self.path = path
        chosen = _delimiter(delimiter)
        enc = detect_encoding(path, encoding)
        try:
            self._file = open(path, encoding=enc, newline="", errors="strict")  # noqa: SIM115
        except OSError as exc:
            raise FileProblem(f"cannot read {quoted(str(path), 200)}: {_why(exc)}") from None
        try:
            self._lines = _Lines(self._file)
            first = self._first_line()
            self.format = FileFormat(enc, chosen or sniff_delimiter(first))
            csv.field_size_limit(MAX_LINE)
            self._reader = csv.reader(self._lines, delimiter=self.format.delimiter, strict=True)
            self.header = self._read_header()
        except BaseException:
            self._file.close()
            raise

    def _first_line(self) -> str:
        try:
            for line in self._lines:
                if line.strip():
                    self._lines.number -= 1
                    self._lines.pending = line
                    return line
        except UnicodeError:
            raise FileProblem("not text in the file's encoding", self._lines.number + 1) from None
        raise FileProblem("the file is empty (only blank lines)")

    def _read_header(self) -> list[str]:
        header = self._next()
        if header is None:
            raise FileProblem("the file is empty")
        names = [h.strip().lstrip("\ufeff") for h in header[1]]
        if not any(names):
            raise FileProblem("the header line has no column names", header[0])
        return names

    def _next(self) -> tuple[int, list[str]] | None:
        start = self._lines.number + 1
        try:
            cells = next(self._reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise FileProblem("a quote opened here is never closed", start) from None
            raise FileProblem(_csv_message(exc), self._lines.number or start) from None
        except UnicodeError:
            raise FileProblem("not text in the file's encoding", self._lines.number) from None
        return start, cells

    @property
    def bytes_read(self) -> int:
        try:
            return int(self._file.buffer.tell())  # type: ignore[attr-defined]
        except (OSError, ValueError):
            return 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while (row := self._next()) is not None:
            if row[1] and any(cell.strip() for cell in row[1]):
                yield row

    def __enter__(self) -> CsvRows:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field longer than {MAX_LINE:,} characters"
    if "new-line character seen in unquoted field" in text:
        return "a line break inside a field that is not quoted"
    if "expected after" in text:
        return (
            "a quote in the middle of a field (a quoted field must be quoted whole, its"
            ' quotes doubled: "say ""hi""")'
        )
    return f"not readable as CSV ({text})"
