"""The downloader against a local publisher: a threaded HTTP server on 127.0.0.1 (random port)
serving fake publication pages and files, with broken transfers, renamed links, foreign hosts,
oversized files and a closed port. No other host is ever contacted."""

from __future__ import annotations

import hashlib
import io
import json
import re
import socket
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nti import download as dl

MONTHLY = "/data-and-information/publications/statistical/maternity-services-monthly-statistics"
ANNUAL = "/data-and-information/publications/statistical/nhs-maternity-statistics"
ODS = "/services/organisation-data-service/export-data-files/csv-downloads/other-nhs-organisations"


def _csv(name: str, rows: int = 400) -> bytes:
    lines = ["ReportingPeriodStartDate,Org_Code,Dimension,Final_value"]
    lines += [f"01/03/2025,R{i % 97:02d},{name},{i}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _zip(member: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr(member, payload)
    return buffer.getvalue()


@dataclass
class Site:
    """What the fake publisher serves, and what it was asked for."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    drops: dict[str, list[int]] = field(default_factory=dict)  # path -> [bytes sent, times]
    no_length: set[str] = field(default_factory=set)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            with site.lock:
                site.requests.append((path, self.headers.get("Range")))
            if path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[path])
                self.end_headers()
            elif path in site.pages:
                body = site.pages[path].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif path in site.files:
                self._file(path, site.files[path])
            else:
                self.send_error(404)

        def _file(self, path: str, body: bytes) -> None:
            match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
            start = int(match.group(1)) if match else 0
            self.send_response(206 if start else 200)
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            if path not in site.no_length:
                self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            drop = site.drops.get(path)
            if drop and drop[1] > 0:
                drop[1] -= 1
                self.wfile.write(body[start:start + drop[0]])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)  # the connection drops mid-file
                self.close_connection = True
                return
            self.wfile.write(body[start:])

    return Handler


def _standard_site() -> Site:
    site = Site()
    site.pages[MONTHLY] = (
        "<html><body><h1>Maternity Services Monthly Statistics</h1>"
        f'<a href="{MONTHLY}/april-2025">April 2025</a>'
        f'<a href="{MONTHLY}/march-2025">March 2025, Provisional April 2025</a>'
        '<a href="/about">About</a></body></html>'
    )
    month_files = ["msds-mar2025-exp-data.csv", "msds-mar2025-exp-data.xlsx",
                   "msds-mar2025-exp-measures.csv", "msds-mar2025-exp-dq.csv",
                   "msds-apr2025Provisional-exp-measures.csv"]
    site.pages[f"{MONTHLY}/march-2025"] = "<html><body>" + "".join(
        f'<p><a href="/assets/{n}">{n}</a></p>' for n in month_files) + "</body></html>"
    site.pages[f"{MONTHLY}/april-2025"] = "<html><body>No files yet</body></html>"
    for name in month_files:
        site.files[f"/assets/{name}"] = _csv(name)
    site.pages[ANNUAL] = f'<a href="{ANNUAL}/2023-24">NHS Maternity Statistics, 2023-24</a>'
    site.pages[f"{ANNUAL}/2023-24"] = (
        '<a href="/assets/hosp-epis-stat-mat-msdscsv-2023-24.csv">Provider level</a>'
        '<a href="/assets/hosp-epis-stat-mat-msdscsv-2023-24.xlsx">xlsx</a>')
    site.files["/assets/hosp-epis-stat-mat-msdscsv-2023-24.csv"] = _csv("annual")
    site.pages[ODS] = ('<a href="/assets/ods/etr.zip">etr</a>'
                       '<a href="/assets/ods/succ.zip">succ</a>')
    site.files["/assets/ods/etr.zip"] = _zip("etr.csv", b'"R0A","MANCHESTER"\n')
    site.files["/assets/ods/succ.zip"] = _zip("succ.csv", b'"RD3","R0D","20200401"\n')
    return site


@pytest.fixture
def server() -> Iterator[tuple[Site, str]]:
    site = _standard_site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _config(base: str, **overrides: object) -> dl.DownloadConfig:
    sleeps: list[float] = []
    config = dl.DownloadConfig(retries=3, backoff_seconds=0.001, timeout_seconds=5,
                               chunk_bytes=1024, sleep=sleeps.append).with_base_url(base)
    return replace(config, **overrides)  # type: ignore[arg-type]


def _quiet(_: str) -> None:
    return


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_happy_path_finds_links_downloads_and_records_manifest(server, tmp_path):
    site, base = server
    targets = [*dl.msds_targets([dl.parse_month("2025-03")], status="final"),
               *dl.msds_targets([dl.parse_month("2025-04")], ["exp-measures"], "provisional"),
               *dl.annual_targets(["2023-24"]), *dl.ods_targets()]
    done = dl.fetch(targets, tmp_path, _config(base), say=_quiet)

    names = sorted(d.path.name for d in done)
    assert names == sorted(["msds-mar2025-exp-data.csv", "msds-mar2025-exp-measures.csv",
                            "msds-mar2025-exp-dq.csv", "msds-apr2025Provisional-exp-measures.csv",
                            "hosp-epis-stat-mat-msdscsv-2023-24.csv", "etr.zip", "succ.zip"])
    data = (tmp_path / "msds_monthly" / "msds-mar2025-exp-data.csv").read_bytes()
    assert data == site.files["/assets/msds-mar2025-exp-data.csv"]  # csv preferred over xlsx
    assert (tmp_path / "ods" / "etr.csv").read_bytes() == b'"R0A","MANCHESTER"\n'

    manifest = json.loads((tmp_path / dl.MANIFEST_NAME).read_text())["files"]
    entry = manifest["msds_monthly/msds-mar2025-exp-data.csv"]
    assert entry["size"] == len(data) and entry["sha256"] == _sha(data)
    assert entry["url"] == f"{base}/assets/msds-mar2025-exp-data.csv"
    assert entry["page_url"] == f"{base}{MONTHLY}/march-2025"
    assert manifest["ods/etr.csv"]["extracted_from"] == "ods/etr.zip"
    assert not list(tmp_path.rglob("*.part"))

    # A second run finds the files in the manifest and downloads nothing.
    before = len([r for r in site.requests if r[0].startswith("/assets/")])
    again = dl.fetch(targets, tmp_path, _config(base), say=_quiet)
    assert all(d.skipped for d in again)
    assert len([r for r in site.requests if r[0].startswith("/assets/")]) == before


def test_dropped_connection_resumes_with_range(server, tmp_path):
    site, base = server
    path = "/assets/msds-mar2025-exp-data.csv"
    site.drops[path] = [3000, 2]  # drops twice, 3,000 bytes in each time
    done = dl.fetch(dl.msds_targets([dl.parse_month("2025-03")], ["exp-data"], "final"),
                    tmp_path, _config(base), say=_quiet)
    assert done[0].path.read_bytes() == site.files[path]
    ranges = [r for p, r in site.requests if p == path]
    assert ranges == [None, "bytes=3000-", "bytes=6000-"]
    assert done[0].sha256 == _sha(site.files[path])


def test_persistent_failure_keeps_old_file_and_leaves_no_part(server, tmp_path):
    site, base = server
    path = "/assets/msds-mar2025-exp-data.csv"
    targets = dl.msds_targets([dl.parse_month("2025-03")], ["exp-data"], "final")
    dl.fetch(targets, tmp_path, _config(base), say=_quiet)
    good = tmp_path / "msds_monthly" / "msds-mar2025-exp-data.csv"
    good_bytes = good.read_bytes()

    site.files[path] = _csv("a new version", rows=900)
    site.drops[path] = [100, 99]  # always drops, and makes almost no progress
    with pytest.raises(dl.TransferError, match="failed after 4 attempts"):
        dl.fetch(targets, tmp_path, _config(base), refresh=True, say=_quiet)
    assert good.read_bytes() == good_bytes
    assert not list(tmp_path.rglob("*.part"))
    manifest = json.loads((tmp_path / dl.MANIFEST_NAME).read_text())["files"]
    assert manifest["msds_monthly/msds-mar2025-exp-data.csv"]["sha256"] == _sha(good_bytes)


def test_changed_links_name_the_page_and_the_pattern(server, tmp_path):
    site, base = server
    site.pages[f"{MONTHLY}/march-2025"] = (
        '<a href="/assets/maternity-services-data-mar-2025.csv">Renamed data file</a>')
    with pytest.raises(dl.LinkNotFoundError) as caught:
        dl.fetch(dl.msds_targets([dl.parse_month("2025-03")], ["exp-data"], "final"),
                 tmp_path, _config(base), say=_quiet)
    message = str(caught.value)
    assert f"{base}{MONTHLY}/march-2025" in message
    assert "msds-mar2025-exp-data" in message and "renamed" in message
    assert caught.value.exit_code == dl.EXIT_NOT_FOUND


def test_host_outside_allowlist_is_refused(server, tmp_path):
    site, base = server
    site.pages[f"{ANNUAL}/2023-24"] = (
        '<a href="https://files.example.org/hosp-epis-stat-mat-msdscsv-2023-24.csv">x</a>')
    with pytest.raises(dl.RefusedError, match="not on the publisher allowlist"):
        dl.fetch(dl.annual_targets(["2023-24"]), tmp_path, _config(base), say=_quiet)
    # A redirect to a foreign host is refused before it is followed.
    site.pages[f"{ANNUAL}/2023-24"] = '<a href="/go/hosp-epis-stat-mat-msdscsv-2023-24.csv">x</a>'
    site.redirects["/go/hosp-epis-stat-mat-msdscsv-2023-24.csv"] = "http://files.example.org/x.csv"
    with pytest.raises(dl.RefusedError, match=r"files\.example\.org"):
        dl.fetch(dl.annual_targets(["2023-24"]), tmp_path, _config(base), say=_quiet)
    assert not list(tmp_path.rglob("*.csv"))


@pytest.mark.parametrize("announce_length", [True, False])
def test_file_over_size_limit_is_refused(server, tmp_path, announce_length):
    site, base = server
    path = "/assets/hosp-epis-stat-mat-msdscsv-2023-24.csv"
    if not announce_length:
        site.no_length.add(path)
    config = _config(base, max_bytes=len(site.files[path]) - 1)
    with pytest.raises(dl.RefusedError, match="size limit"):
        dl.fetch(dl.annual_targets(["2023-24"]), tmp_path, config, say=_quiet)
    assert not list(tmp_path.rglob("*.csv")) and not list(tmp_path.rglob("*.part"))
    assert len([p for p, _ in site.requests if p == path]) == 1  # refused, not retried


def test_html_error_page_is_not_saved_as_data(server, tmp_path):
    site, base = server
    site.files["/assets/hosp-epis-stat-mat-msdscsv-2023-24.csv"] = b"<!DOCTYPE html><p>Sign in</p>"
    with pytest.raises(dl.TransferError, match="HTML page"):
        dl.fetch(dl.annual_targets(["2023-24"]), tmp_path, _config(base), say=_quiet)
    assert not list(tmp_path.rglob("*.csv"))


def test_cli_happy_path_and_no_network(server, tmp_path, capsys):
    _, base = server
    status = dl.main(["--out", str(tmp_path / "a"), "--base-url", base, "--retries", "0",
                      "msds", "--from", "2025-03", "--to", "2025-03", "--status", "final"])
    assert status == dl.EXIT_OK
    assert "3 downloaded" in capsys.readouterr().out

    with socket.socket() as probe:  # a port with nothing listening: connection refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    status = dl.main(["--out", str(tmp_path / "b"), "--base-url", closed, "--retries", "0",
                      "ods"])
    err = capsys.readouterr().err
    assert status == dl.EXIT_NO_NETWORK
    assert "no network" in err and "Traceback" not in err


def test_bad_arguments_are_clear(tmp_path, capsys):
    assert dl.main(["--out", str(tmp_path), "msds", "--from", "2025-13"]) == dl.EXIT_USAGE
    assert "not a month" in capsys.readouterr().err
    assert [t.label for t in dl.msds_targets(dl.month_range("2024-12", "2025-01"),
                                             ["exp-dq"])] == [
        "msds 2024-12 exp-dq any", "msds 2025-01 exp-dq any"]
