"""Read a CSV out of a .zip or .gz publication safely: streamed, or decompressed into a scratch
file (`extract_csv`, under a fixed name in the system's temporary folder, for DuckDB's reader),
never unpacked into the raw folder or under a member's own name.

A compressed publication is untrusted input. Before a byte is decompressed:
- zip member names are checked: an absolute path (`/x`, `\\x`, `C:x`) or a `..` component
  refuses the whole archive (a crafted archive, even if that member would never be read);
- exactly one member must match the layout's expected CSV name; other members (e.g. a macOS
  `__MACOSX/._...` resource fork) are reported in the manifest note, never read;
- the member's declared uncompressed size must be under a limit (`NTI_ARCHIVE_MAX_BYTES`,
  default 1 GiB), and its declared size over its compressed bytes under a ratio
  (`NTI_ARCHIVE_MAX_RATIO`, default 200): a zip bomb is refused with a named file-level error.
While streaming, the bytes actually decompressed are counted and bounded too (the declared size
is not trusted: a forged header cannot smuggle more data through), as is the ratio for gzip,
whose header declares no reliable size. A truncated or corrupt archive (bad CRC, cut-off
deflate stream) raises ArchiveError naming the file; nothing of it is landed, since landing is
one transaction.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from nti.layouts import ARCHIVE_MEMBERS
from nti.readers import FileReadError, ReadStats, Record, iter_csv_handle

DEFAULT_MAX_BYTES = 1 << 30
DEFAULT_MAX_RATIO = 200.0
_CHUNK = 1 << 20
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveError(FileReadError):
    """A compressed file refused or unreadable; the message names the file and the reason."""


@dataclass(frozen=True)
class ArchiveLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_ratio: float = DEFAULT_MAX_RATIO

    @classmethod
    def from_env(cls) -> ArchiveLimits:
        return cls(
            int(os.environ.get("NTI_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES)),
            float(os.environ.get("NTI_ARCHIVE_MAX_RATIO", DEFAULT_MAX_RATIO)),
        )


@dataclass
class ZipPlan:
    """The one member to read and what else the archive holds (reported, not read)."""

    member: zipfile.ZipInfo
    ignored: list[str] = field(default_factory=list)

    def note(self) -> str:
        if not self.ignored:
            return ""
        return "zip members not read (not the expected CSV): " + ", ".join(self.ignored)


def unsafe_member_reason(name: str) -> str | None:
    """Why a member name is unsafe, or None."""
    if name.startswith(("/", "\\")):
        return "absolute path"
    if _DRIVE.match(name):
        return "drive letter"
    if ".." in re.split(r"[\\/]", name):
        return "'..' path component"
    if "\x00" in name:
        return "NUL in name"
    return None


def _check_sizes(path: Path, info: zipfile.ZipInfo, limits: ArchiveLimits) -> None:
    if info.file_size > limits.max_bytes:
        raise ArchiveError(
            f"{path}: member {info.filename!r} declares {info.file_size:,} bytes uncompressed, "
            f"over the limit of {limits.max_bytes:,} (NTI_ARCHIVE_MAX_BYTES); not read"
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        raise ArchiveError(
            f"{path}: member {info.filename!r} declares {info.file_size:,} bytes from "
            f"{info.compress_size:,} compressed (ratio {ratio:,.0f}, limit "
            f"{limits.max_ratio:,.0f}): refused as a possible zip bomb; not read"
        )


def plan_zip(path: Path, member_pattern: str, limits: ArchiveLimits) -> ZipPlan:
    """Check a zip's member list and pick the expected CSV member, or raise ArchiveError."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ArchiveError(f"{path}: not a readable zip archive ({exc})") from exc
    for info in infos:
        reason = unsafe_member_reason(info.filename)
        if reason:
            raise ArchiveError(
                f"{path}: member {info.filename!r} has an unsafe name ({reason}); the archive "
                "is refused and nothing of it is read"
            )
    wanted = [i for i in infos if not i.is_dir()
              and re.search(member_pattern, i.filename.rsplit("/", 1)[-1].lower())
              and not i.filename.startswith("__MACOSX/")]
    if len(wanted) != 1:
        names = [i.filename for i in infos]
        raise ArchiveError(
            f"{path}: expected exactly one member matching {member_pattern!r}, found "
            f"{len(wanted)} among {names}; not read"
        )
    member = wanted[0]
    if member.flag_bits & 0x1:
        raise ArchiveError(f"{path}: member {member.filename!r} is encrypted; not read")
    _check_sizes(path, member, limits)
    ignored = [f"{i.filename} ({i.file_size:,} bytes)" for i in infos if i is not member]
    return ZipPlan(member, ignored)


class _Bounded(io.RawIOBase):
    """A read-only byte stream that counts what it yields and stops at a bound."""

    def __init__(self, raw: BinaryIO, path: Path, max_bytes: int, compressed: int,
                 max_ratio: float) -> None:
        self._raw = raw
        self._path = path
        self._max = max_bytes
        self._compressed = max(compressed, 1)
        self._ratio = max_ratio
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
            raise ArchiveError(f"{self._path}: truncated or corrupt archive ({exc})") from exc
        self.bytes_read += len(data)
        if self.bytes_read > self._max:
            raise ArchiveError(
                f"{self._path}: more than {self._max:,} bytes decompressed (limit "
                "NTI_ARCHIVE_MAX_BYTES); reading stopped"
            )
        if self.bytes_read > self._ratio * self._compressed and self.bytes_read > _CHUNK:
            raise ArchiveError(
                f"{self._path}: decompressed {self.bytes_read:,} bytes from "
                f"{self._compressed:,} compressed (ratio over {self._ratio:,.0f}): refused as a "
                "possible decompression bomb"
            )
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def open_member(path: Path, plan_or_kind: ZipPlan | str, limits: ArchiveLimits
                ) -> Iterator[_Bounded]:
    """A bounded byte stream of the planned zip member, or of a .gz file ('gzip')."""
    if isinstance(plan_or_kind, ZipPlan):
        info = plan_or_kind.member
        # the member never holds more than it declares; the hard limit still applies
        bound = min(info.file_size, limits.max_bytes)
        try:
            with zipfile.ZipFile(path) as archive, archive.open(info) as raw:
                yield _Bounded(raw, path, bound, info.compress_size, limits.max_ratio)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise ArchiveError(f"{path}: truncated or corrupt archive ({exc})") from exc
        return
    compressed = path.stat().st_size
    try:
        with gzip.open(path, "rb") as raw:
            yield _Bounded(raw, path, limits.max_bytes, compressed, limits.max_ratio)
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError) as exc:
        raise ArchiveError(f"{path}: truncated or corrupt gzip file ({exc})") from exc


def scan_encoding(path: Path, plan_or_kind: ZipPlan | str, limits: ArchiveLimits) -> str:
    """Decompress once, bounded, to check integrity and pick utf-8-sig or latin-1."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    with open_member(path, plan_or_kind, limits) as stream:
        while block := stream.read(_CHUNK):
            if encoding == "utf-8-sig":
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    encoding = "latin-1"
    return encoding


@contextmanager
def open_text(path: Path, plan_or_kind: ZipPlan | str, limits: ArchiveLimits,
              encoding: str) -> Iterator[io.TextIOWrapper]:
    """The member as text (universal newlines off, as csv wants)."""
    with open_member(path, plan_or_kind, limits) as stream:
        buffered = io.BufferedReader(stream, buffer_size=_CHUNK)
        yield io.TextIOWrapper(buffered, encoding=encoding, newline="")


def first_line_fields(path: Path, plan_or_kind: ZipPlan | str, limits: ArchiveLimits
                      ) -> list[str]:
    """The header record of the member (reads only its first line)."""
    import csv

    with open_member(path, plan_or_kind, limits) as stream:
        line = io.BufferedReader(stream).readline(1 << 20)
    text = line.decode("utf-8-sig", errors="replace").rstrip("\r\n")
    return next(csv.reader([text]), [])


def iter_archive_csv(path: Path, layout_name: str, stats: ReadStats, delimiter: str = ",",
                     title_lines: int = 0) -> Iterator[Record]:
    """Every record of the CSV inside a .zip (the layout's expected member) or a .gz file.

    The member is decompressed twice, both times bounded: once to check its integrity and
    encoding before anything is landed, once to read it.
    """
    limits = ArchiveLimits.from_env()
    source = _source(path, layout_name, limits)
    stats.encoding = scan_encoding(path, source, limits)
    with open_text(path, source, limits, stats.encoding) as handle:
        yield from iter_csv_handle(handle, stats, delimiter, title_lines)


def _source(path: Path, layout_name: str, limits: ArchiveLimits) -> ZipPlan | str:
    """The zip member the layout expects (ARCHIVE_MEMBERS), or 'gzip' for a .gz file."""
    if not path.name.lower().endswith(".zip"):
        return "gzip"
    member = ARCHIVE_MEMBERS.get(layout_name)
    if member is None:
        raise ArchiveError(f"{path}: layout '{layout_name}' is not read from zips")
    return plan_zip(path, member, limits)


class _Declined(Exception):
    """extract_csv declines the member: too large, or the scratch file cannot be written (not
    an OSError: open_member would name that a corrupt archive)."""


def extract_csv(path: Path, layout_name: str, target: Path, min_bytes: int,
                max_bytes: int) -> bool:
    """Decompress the CSV that iter_archive_csv reads (the same member, bounded by the same
    limits: a refused or corrupt archive raises ArchiveError here too) into the file target,
    for DuckDB's reader (landing.land_fast). False, with nothing left at target, when the
    member is smaller than min_bytes (a zip's declared size; the fast path's per-file cost
    outweighs it) or larger than max_bytes (the fast path reads a file whole into memory, the
    exact reader streams it), or when the scratch file cannot be written (the exact reader
    needs none)."""
    limits = ArchiveLimits.from_env()
    source = _source(path, layout_name, limits)
    if isinstance(source, ZipPlan) and not min_bytes <= source.member.file_size <= max_bytes:
        return False
    written = 0
    try:
        with target.open("wb") as out, open_member(path, source, limits) as stream:
            while block := stream.read(_CHUNK):
                written += len(block)
                if written > max_bytes:
                    raise _Declined(f"over {max_bytes:,} bytes")
                try:
                    out.write(block)
                except OSError as exc:
                    raise _Declined(exc) from exc
    except (OSError, _Declined):
        # too large, or opening, writing or closing the scratch file failed (or a stat of the
        # archive, which the exact reader then makes again and names)
        target.unlink(missing_ok=True)
        return False
    except BaseException:  # a refused or corrupt archive: named by the caller, nothing left
        target.unlink(missing_ok=True)
        raise
    return True
