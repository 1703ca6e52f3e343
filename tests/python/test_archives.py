"""Compressed publications (issue 6): the RTT full extract read from its zip, the RTT trust series
from gzip, safely. Member names, declared and actual sizes, unexpected members, truncation."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from nti import archives, landing
from nti.discover import LayoutMismatchError, discover
from nti.landing import land_all
from nti.layouts import RTT_FULL_EXTRACT, RTT_TRUST_SERIES

ZIP_NAME = "20240331-RTT-March-2024-full-extract.csv.zip"
MEMBER = "20240331-RTT-March-2024-full-extract.csv"
LIMITS = archives.ArchiveLimits()


def rtt_csv(rows: int = 3) -> bytes:
    """A small RTT full extract in the published header (title case, `SUM 1` bands)."""
    header = [
        "Period", "Provider Parent Org Code", "Provider Parent Name", "Provider Org Code",
        "Provider Org Name", "Commissioner Parent Org Code", "Commissioner Parent Name",
        "Commissioner Org Code", "Commissioner Org Name", "RTT Part Type", "RTT Part Description",
        "Treatment Function Code", "Treatment Function Name",
        *(f"Gt {w:02d} To {w + 1:02d} Weeks SUM 1" for w in range(104)), "Gt 104 Weeks SUM 1",
        "Total", "Patients with unknown clock start date", "Total All",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for n in range(rows):
        bands = [str((n + w) % 3) for w in range(105)]
        total = sum(int(b) for b in bands)
        writer.writerow(["RTT-March-2024", "QXX", "ICB", f"R{n:02d}", f"TRUST {n}", "QXX", "ICB",
                         "00X", "SUB ICB", "Part_2", "Incomplete Pathways", "C_999", "Total",
                         *bands, "", "", str(total)])
    return out.getvalue().encode()


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def land(raw: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    land_all(con, discover(raw), raw, "synthetic", lambda _: None)
    return con


def test_a_clean_zip_lands_from_its_member_with_the_zip_sha256(tmp_path: Path) -> None:
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(5)})
    con = land(tmp_path)
    ((layout, variant, fmt, rows, sha, note, start),) = con.execute(
        "select layout, variant, file_format, rows_landed, sha256, note, period_start "
        "from landing.file_manifest").fetchall()
    assert (layout, variant, fmt, rows) == (RTT_FULL_EXTRACT.name, "full_csv_2024_onwards",
                                            "csv.zip", 5)
    import hashlib
    assert sha == hashlib.sha256((tmp_path / ZIP_NAME).read_bytes()).hexdigest()
    assert note is None and str(start) == "2024-03-01"
    lines = [r[0] for r in con.execute(
        "select line_number from landing.rtt_full_extract order by 1").fetchall()]
    assert lines == [2, 3, 4, 5, 6]
    assert not any(p.suffix == ".csv" for p in tmp_path.rglob("*")), \
        "nothing unpacked into the raw folder"


def test_unexpected_members_are_reported_and_never_read(tmp_path: Path) -> None:
    bomb = b"0" * (20 << 20)  # would be refused if it were ever opened
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(2), f"__MACOSX/._{MEMBER}": b"\x00" * 200,
                                    "notes.txt": bomb})
    con = land(tmp_path)
    ((rows, note),) = con.execute("select rows_landed, note from landing.file_manifest").fetchall()
    assert rows == 2
    assert "notes.txt" in note and "__MACOSX" in note and "not read" in note


@pytest.mark.parametrize("name, reason", [
    ("../escape.csv", "'..'"),
    ("/absolute.csv", "absolute"),
    ("\\windows\\absolute.csv", "absolute"),
    ("C:evil.csv", "drive letter"),
    ("a/../../b.csv", "'..'"),
])
def test_unsafe_member_names_refuse_the_archive(tmp_path: Path, name: str, reason: str) -> None:
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(1), name: b"a,b\n1,2\n"})
    with pytest.raises(LayoutMismatchError) as error:
        discover(tmp_path)
    assert ZIP_NAME in str(error.value) and reason in str(error.value)
    assert not (tmp_path.parent / "escape.csv").exists()


def test_declared_size_over_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(50)})
    monkeypatch.setenv("NTI_ARCHIVE_MAX_BYTES", "10000")
    with pytest.raises(LayoutMismatchError, match="over the limit"):
        discover(tmp_path)


def test_a_ratio_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    header = rtt_csv(0)
    write_zip(tmp_path / ZIP_NAME, {MEMBER: header + b"0" * (50 << 20)})
    assert (tmp_path / ZIP_NAME).stat().st_size < 200_000
    with pytest.raises(LayoutMismatchError, match="zip bomb"):
        discover(tmp_path)


def test_actual_bytes_are_bounded_whatever_the_header_declares() -> None:
    stream = archives._Bounded(io.BytesIO(b"x" * 5000), Path("forged.zip"), max_bytes=1000,
                               compressed=5000, max_ratio=200)
    with pytest.raises(archives.ArchiveError, match="more than 1,000 bytes"):
        io.BufferedReader(stream, buffer_size=256).read()


def test_a_forged_declared_size_is_caught_by_the_crc(tmp_path: Path) -> None:
    path = write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(20)})
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(MEMBER)
    central = data.rfind(b"PK\x01\x02")
    # uncompressed size field of the central directory entry (offset 24) and local header (22)
    data[central + 24: central + 28] = (info.file_size // 2).to_bytes(4, "little")
    data[info.header_offset + 22: info.header_offset + 26] = (info.file_size // 2).to_bytes(
        4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises((LayoutMismatchError, archives.ArchiveError), match="corrupt"):
        land_all(duckdb.connect(), discover(tmp_path), tmp_path, "synthetic", lambda _: None)


def test_a_truncated_zip_is_a_named_file_error(tmp_path: Path) -> None:
    path = write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(200)})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(LayoutMismatchError, match="not a readable zip"):
        discover(tmp_path)


def test_no_or_two_expected_members_are_named_errors(tmp_path: Path) -> None:
    write_zip(tmp_path / ZIP_NAME, {"something-else.csv": rtt_csv(1)})
    with pytest.raises(LayoutMismatchError, match="exactly one member"):
        discover(tmp_path)
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(1), f"copy/{MEMBER}": rtt_csv(1)})
    with pytest.raises(LayoutMismatchError, match="found 2"):
        discover(tmp_path)


def test_a_zip_of_no_known_family_is_never_opened(tmp_path: Path) -> None:
    write_zip(tmp_path / "other.csv.zip", {"../escape.csv": b"a\n1\n"})
    con = land(tmp_path)
    ((status, note),) = con.execute("select status, note from landing.file_manifest").fetchall()
    assert status == "not_in_scope" and "not opened" in note


def series_csv() -> bytes:
    return (b"nhs_trust22_code,nhs_trust22_name,date,year,month,treatment,waits_over_18_weeks,"
            b"waits_over_52_weeks\nRXX,TRUST,2024-01-01,2024.0,Jan,Total,12.0,1.0\n"
            b"RXX,TRUST,2024-02-01,2024.0,Feb,Total,10.0,0.0\n")


def test_gzip_series_lands_and_a_gzip_bomb_or_truncation_stops(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "england_rtt_trust.csv.gz").write_bytes(gzip.compress(series_csv()))
    con = land(good)
    assert con.execute("select layout, rows_landed from landing.file_manifest").fetchall() == [
        (RTT_TRUST_SERIES.name, 2)]
    bomb = tmp_path / "bomb"
    bomb.mkdir()
    (bomb / "england_rtt_trust.csv.gz").write_bytes(gzip.compress(series_csv()
                                                                  + b"0" * (50 << 20)))
    found = discover(bomb)
    with pytest.raises(archives.ArchiveError, match="decompression bomb"):
        land_all(duckdb.connect(), found, bomb, "synthetic", lambda _: None)
    cut = tmp_path / "cut"
    cut.mkdir()
    data = gzip.compress(series_csv() * 2000)
    (cut / "england_rtt_trust.csv.gz").write_bytes(data[: len(data) // 2])
    found = discover(cut)
    with pytest.raises(archives.ArchiveError, match="truncated or corrupt"):
        land_all(duckdb.connect(), found, cut, "synthetic", lambda _: None)


def test_unsafe_member_reason_unit() -> None:
    assert archives.unsafe_member_reason("dir/file.csv") is None
    assert archives.unsafe_member_reason("..") == "'..' path component"
    assert archives.unsafe_member_reason("dir\\..\\x") == "'..' path component"
    assert archives.unsafe_member_reason("D:/x") == "drive letter"


def _landed_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return con.execute(f"select * from landing.{table} order by line_number").fetchall()


def _quoted_rtt_csv(rows: int) -> bytes:
    """rtt_csv with a provider name holding a comma, quoted, every tenth row."""
    lines = rtt_csv(rows).decode().splitlines(keepends=True)
    return "".join(line.replace(f"TRUST {n - 1},", f'"TRUST {n - 1}, MAIN SITE",')
                   if n % 10 == 0 else line for n, line in enumerate(lines)).encode()


@pytest.mark.parametrize("kind", ["zip", "gzip"])
def test_a_clean_archive_lands_by_duckdbs_reader_as_the_exact_reader_lands_it(
        tmp_path: Path, monkeypatch, kind: str) -> None:
    """Decompressed (bounded) into a scratch file that is removed, then landed by the fast
    path (fast_csv): the same rows, line numbers and manifest as the exact reader's."""
    raw = tmp_path / "raw"
    raw.mkdir()
    if kind == "zip":
        write_zip(raw / ZIP_NAME, {MEMBER: _quoted_rtt_csv(400), "__MACOSX/._x": b"x"})
        table = RTT_FULL_EXTRACT.table
    else:
        body = series_csv().splitlines(keepends=True)
        (raw / "england_rtt_trust.csv.gz").write_bytes(gzip.compress(
            b"".join([body[0], *(body[1:] * 2000)])))
        table = RTT_TRUST_SERIES.table
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(landing.tempfile, "tempdir", str(scratch))
    fast_calls: list[tuple[Path, int | None]] = []
    real_fast = landing.land_csv_fast

    def recording(con, path, *args, **kwargs):
        count = real_fast(con, path, *args, **kwargs)
        fast_calls.append((path, count))
        return count

    monkeypatch.setattr(landing, "land_csv_fast", recording)
    fast = land(raw)
    ((path, count),) = fast_calls
    assert path.parent.parent == scratch
    assert count == (400 if kind == "zip" else 4000), "DuckDB's reader landed the member"
    assert not any(scratch.iterdir()), "the scratch file is removed"
    monkeypatch.setattr(landing, "land_fast", lambda con, found: None)
    exact = land(raw)
    assert _landed_rows(fast, table) == _landed_rows(exact, table)
    assert len(_landed_rows(fast, table)) == (400 if kind == "zip" else 4000)
    manifest = ("select * exclude (file_id) from landing.file_manifest")
    assert fast.execute(manifest).fetchall() == exact.execute(manifest).fetchall()
    if kind == "zip":
        assert fast.execute(f"select count(*) from landing.{table} where provider_org_name "
                            "like '%, MAIN SITE'").fetchall() == [(40,)]


def test_an_archive_member_over_the_fast_paths_size_streams_by_the_exact_reader(
        tmp_path: Path, monkeypatch) -> None:
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(400)})
    expected = _landed_rows(land(tmp_path), RTT_FULL_EXTRACT.table)
    monkeypatch.setattr(landing, "FAST_ARCHIVE_MAX_BYTES", 100_000)
    assert len(rtt_csv(400)) > 100_000
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(landing.tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(landing, "land_csv_fast", lambda *a, **k: pytest.fail("fast path"))
    assert _landed_rows(land(tmp_path), RTT_FULL_EXTRACT.table) == expected
    assert not any(scratch.iterdir())


def test_without_a_writable_scratch_folder_an_archive_lands_by_the_exact_reader(
        tmp_path: Path, monkeypatch) -> None:
    write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(400)})
    expected = _landed_rows(land(tmp_path), RTT_FULL_EXTRACT.table)
    monkeypatch.setattr(landing.tempfile, "tempdir", str(tmp_path / "no" / "such" / "folder"))
    assert _landed_rows(land(tmp_path), RTT_FULL_EXTRACT.table) == expected


def test_extract_csv_leaves_nothing_when_it_declines(tmp_path: Path, monkeypatch) -> None:
    """A zip member outside the fast path's sizes is declined by its declared size, before
    anything is decompressed; a scratch file that cannot be opened declines too."""
    archive = write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(400)})
    size = len(rtt_csv(400))
    name = RTT_FULL_EXTRACT.name
    target = tmp_path / "scratch.csv"
    with monkeypatch.context() as patched:  # declined by the declared size: nothing read
        patched.setattr(archives, "open_member", lambda *a: pytest.fail("decompressed"))
        assert not archives.extract_csv(archive, name, target, size + 1, size + 10)
        assert not archives.extract_csv(archive, name, target, 0, size - 1)
    assert not target.exists()
    assert not archives.extract_csv(archive, name, tmp_path / "missing" / "x.csv", 0, size)
    assert archives.extract_csv(archive, name, target, size, size)
    assert target.read_bytes() == rtt_csv(400)
    gz = tmp_path / "england_rtt_trust.csv.gz"
    gz.write_bytes(gzip.compress(series_csv() * 100))
    assert not archives.extract_csv(gz, RTT_TRUST_SERIES.name, target, 0, 1000)  # bounded
    assert not target.exists()


def test_extract_csv_declines_when_the_scratch_file_cannot_be_written(
        tmp_path: Path, monkeypatch) -> None:
    """A full disk while writing is the scratch file's failure, not the archive's: declined
    (the exact reader then streams the member), never named a corrupt archive."""
    archive = write_zip(tmp_path / ZIP_NAME, {MEMBER: rtt_csv(400)})
    target = tmp_path / "scratch.csv"

    real_open = Path.open

    class FullDisk(io.FileIO):
        def write(self, data) -> int:  # type: ignore[override]
            raise OSError(28, "No space left on device")

    def opening(self: Path, *args, **kwargs):
        return FullDisk(str(self), "wb") if self == target else real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", opening)
    assert not archives.extract_csv(archive, RTT_FULL_EXTRACT.name, target, 0, 1 << 30)
    assert not target.exists(), "the half-written scratch file is removed"


def test_extract_csv_leaves_nothing_of_a_corrupt_archive(tmp_path: Path) -> None:
    data = gzip.compress(series_csv() * 20000)
    cut = tmp_path / "england_rtt_trust.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    target = tmp_path / "scratch.csv"
    with pytest.raises(archives.ArchiveError, match="truncated or corrupt"):
        archives.extract_csv(cut, RTT_TRUST_SERIES.name, target, 0, 1 << 30)
    assert not target.exists()
