"""Download the real publications from the publishers' pages (`nti fetch`).

How it works: a publication *series* has a landing page on the publisher's site (for example
NHS England Digital's "Maternity Services Monthly Statistics"). The landing page links to one
page per publication (a month, a financial year); each publication page links to its files,
whose names follow known patterns (`msds-mar2025-exp-data.csv`,
`hosp-epis-stat-mat-msdscsv-2023-24.csv`, `etr.zip`). The downloader reads those pages, finds
the links whose file names match the pattern, and downloads each file:

- only from hosts on an allowlist (redirects included) and only below a size limit;
- with retries and exponential back-off, resuming a broken transfer with an HTTP Range request;
- into `<name>.part`, renamed over the destination only when complete, so a failed download
  never replaces a good file (and leaves no partial file behind);
- recording url, size and sha256 of every file in `download_manifest.json`.

Besides the standard library it uses only nti.readers.sha256_of, so that a download records
the digest discovery will compute (run it as `nti fetch`, inside the project's environment).
Every failure is a `DownloadError` subclass with a message
for a person; `main()` turns them into one line and an exit code (see `EXIT_*`).
"""

from __future__ import annotations

import argparse
import calendar
import http.client
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

from nti.readers import sha256_of

# Series landing pages (from the publishers' sites; the raw corpus PROVENANCE names the same).
DEFAULT_PAGES: dict[str, str] = {
    "msds_monthly": "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "maternity-services-monthly-statistics",
    "maternity_annual": "https://digital.nhs.uk/data-and-information/publications/statistical/"
    "nhs-maternity-statistics",
    "ods": "https://digital.nhs.uk/services/organisation-data-service/export-data-files/"
    "csv-downloads/other-nhs-organisations",
    "shmi": "https://digital.nhs.uk/data-and-information/publications/statistical/shmi",
    "rtt": "https://www.england.nhs.uk/statistics/statistical-work-areas/rtt-waiting-times/",
    "ae": "https://www.england.nhs.uk/statistics/statistical-work-areas/"
    "ae-waiting-times-and-activity/",
}

DEFAULT_ALLOWED_HOSTS: frozenset[str] = frozenset({
    "digital.nhs.uk",
    "files.digital.nhs.uk",
    "www.england.nhs.uk",
    "www.odsdatasearchandexport.nhs.uk",
})

MANIFEST_NAME = "download_manifest.json"
MSDS_KINDS = ("exp-data", "exp-measures", "exp-dq")
MSDS_STATUSES = ("final", "provisional", "any")

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_NO_NETWORK = 3
EXIT_NOT_FOUND = 4
EXIT_REFUSED = 5
EXIT_FAILED = 6


class DownloadError(Exception):
    """Base class: a failure with a message for a person."""

    exit_code = EXIT_FAILED


class UsageError(DownloadError):
    exit_code = EXIT_USAGE


class NoNetworkError(DownloadError):
    exit_code = EXIT_NO_NETWORK


class LinkNotFoundError(DownloadError):
    exit_code = EXIT_NOT_FOUND


class RefusedError(DownloadError):
    exit_code = EXIT_REFUSED


class TransferError(DownloadError):
    """A transfer that broke; retried, then reported."""

    exit_code = EXIT_FAILED


@dataclass(frozen=True)
class DownloadConfig:
    """Where to look, what to allow, how hard to try. Tests point `pages` at 127.0.0.1."""

    pages: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PAGES))
    allowed_hosts: frozenset[str] = DEFAULT_ALLOWED_HOSTS
    allowed_schemes: frozenset[str] = frozenset({"https"})
    max_bytes: int = 500 * 1024 * 1024
    retries: int = 4
    backoff_seconds: float = 1.0
    timeout_seconds: float = 30.0
    chunk_bytes: int = 256 * 1024
    user_agent: str = "nti-downloader/1 (open NHS Trust Index benchmark)"
    sleep: Callable[[float], None] = time.sleep

    def with_base_url(self, base_url: str) -> DownloadConfig:
        """Every series page moved to `base_url` (scheme://host:port), and that host allowed."""
        base = urllib.parse.urlsplit(base_url)
        pages = {
            key: urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(
                scheme=base.scheme, netloc=base.netloc))
            for key, url in self.pages.items()
        }
        return replace(self, pages=pages,
                       allowed_hosts=self.allowed_hosts | {base.hostname or ""},
                       allowed_schemes=self.allowed_schemes | {base.scheme})


@dataclass(frozen=True)
class Target:
    """One file to fetch: where to look for it and what its name looks like."""

    source: str  # series key (DEFAULT_PAGES), also the sub-folder it lands in
    label: str  # e.g. "msds 2025-03 exp-data final"
    page_hints: tuple[str, ...]  # publication-page slugs to visit on the landing page
    pattern: re.Pattern[str]  # matched against the link's file name
    prefer: tuple[str, ...] = (".csv", ".xlsx", ".zip")
    extract_zip: bool = False


@dataclass(frozen=True)
class FileLink:
    url: str
    file_name: str
    page_url: str


@dataclass(frozen=True)
class Downloaded:
    target: str
    path: Path
    url: str
    size: int
    sha256: str
    skipped: bool = False


# ----------------------------------------------------------------------------------- targets


def parse_month(text: str) -> date:
    """'2025-03' -> date(2025, 3, 1), with a clear error otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2025-03)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_range(first: str, last: str) -> list[date]:
    start, end = parse_month(first), parse_month(last)
    if end < start:
        raise UsageError(f"month range is backwards: {first} .. {last}")
    months, current = [], start
    while current <= end:
        months.append(current)
        current = _add_months(current, 1)
    return months


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _month_slug(month: date) -> str:
    return f"{calendar.month_name[month.month].lower()}-{month.year}"


def msds_targets(months: Sequence[date], kinds: Sequence[str] = MSDS_KINDS,
                 status: str = "any") -> list[Target]:
    """MSDS monthly files. A month's final file and the next month's provisional file appear on
    the same publication page, so the pages of the month and its neighbours are searched."""
    bad = [k for k in kinds if k not in MSDS_KINDS]
    if bad or status not in MSDS_STATUSES:
        raise UsageError(f"unknown MSDS kind or status: {bad or status} "
                            f"(kinds {', '.join(MSDS_KINDS)}; status {'/'.join(MSDS_STATUSES)})")
    flag = {"final": "", "provisional": "provisional", "any": "(?:provisional)?"}[status]
    targets = []
    for month in months:
        mon = calendar.month_abbr[month.month].lower()
        hints = tuple(_month_slug(_add_months(month, n)) for n in (0, 1, -1))
        for kind in kinds:
            pattern = re.compile(rf"msds-{mon}{month.year}{flag}-{kind}\.(csv|xlsx)", re.I)
            targets.append(Target("msds_monthly", f"msds {month:%Y-%m} {kind} {status}",
                                  hints, pattern))
    return targets


def annual_targets(years: Sequence[str]) -> list[Target]:
    """NHS Maternity Statistics provider files, one per financial year ('2023-24')."""
    targets = []
    for year in years:
        if not re.fullmatch(r"\d{4}-\d{2}", year):
            raise UsageError(f"not a financial year: {year!r} (expected e.g. 2023-24)")
        pattern = re.compile(rf"hosp-epis-stat-mat-msdscsv-{year}\.(csv|xlsx)", re.I)
        targets.append(Target("maternity_annual", f"maternity statistics {year}", (year,),
                              pattern))
    return targets


def ods_targets(names: Sequence[str] = ("etr", "succ")) -> list[Target]:
    """ODS reference files (zipped CSVs; the CSV is extracted beside the zip)."""
    return [
        Target("ods", f"ods {name}", (), re.compile(rf"{name}\.(zip|csv)", re.I),
               prefer=(".zip", ".csv"), extract_zip=True)
        for name in names
    ]


def page_targets(source: str, pattern: str, hints: Sequence[str] = ()) -> list[Target]:
    """Any series (SHMI, RTT, A&E): files on its pages whose names match a regular expression."""
    try:
        compiled = re.compile(pattern, re.I)
    except re.error as exc:
        raise UsageError(f"bad --pattern {pattern!r}: {exc}") from None
    return [Target(source, f"{source} /{pattern}/", tuple(hints), compiled)]


# ---------------------------------------------------------------------------------- HTTP


def check_url(url: str, config: DownloadConfig) -> None:
    """Refuse a URL whose scheme or host is not allowed."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in config.allowed_schemes:
        raise RefusedError(f"refused {url}: scheme {parts.scheme!r} not allowed "
                           f"(allowed: {', '.join(sorted(config.allowed_schemes))})")
    if host not in config.allowed_hosts:
        raise RefusedError(f"refused {url}: host {host!r} is not on the publisher allowlist "
                           f"({', '.join(sorted(config.allowed_hosts))})")


class _AllowlistRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, config: DownloadConfig) -> None:
        self.config = config

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> urllib.request.Request | None:
        check_url(newurl, self.config)
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _opener(config: DownloadConfig) -> urllib.request.OpenerDirector:
    # No proxy handler: the downloader talks to the publishers (or 127.0.0.1 in tests) directly.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                       _AllowlistRedirects(config))


_NETWORK_ERRORS = (ConnectionError, socket.timeout, TimeoutError, http.client.HTTPException,
                   OSError)


def _is_no_network(exc: BaseException) -> bool:
    reason = getattr(exc, "reason", exc)
    return isinstance(reason, ConnectionRefusedError | socket.gaierror) or (
        isinstance(reason, OSError) and reason.errno in {101, 113})  # unreachable net / host


def _describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason if reason is not None else exc}"


def _with_retries(what: str, url: str, config: DownloadConfig,
                  action: Callable[[], bytes | None]) -> bytes | None:
    """Run `action`, retrying transient failures with exponential back-off."""
    last: BaseException | None = None
    for attempt in range(config.retries + 1):
        if attempt:
            config.sleep(config.backoff_seconds * 2 ** (attempt - 1))
        try:
            return action()
        except DownloadError:
            raise
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500 and exc.code not in {408, 429}:
                raise TransferError(f"{what}: {url} answered HTTP {exc.code} {exc.reason}") \
                    from None
            last = exc
        except _NETWORK_ERRORS as exc:
            last = exc
    assert last is not None
    if _is_no_network(last):
        host = urllib.parse.urlsplit(url).netloc
        raise NoNetworkError(
            f"no network: cannot reach {host} ({_describe(last)}); fetching needs internet "
            "access to the publishers' sites. Offline, use the synthetic data (`nti build`) or "
            "copy the files into the raw folder by hand.") from None
    raise TransferError(f"{what} failed after {config.retries + 1} attempts: {url} "
                        f"({_describe(last)})") from None


def fetch_page(url: str, config: DownloadConfig) -> str:
    check_url(url, config)

    def get() -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": config.user_agent})
        with _opener(config).open(request, timeout=config.timeout_seconds) as response:
            body = response.read(config.max_bytes + 1)
        if len(body) > config.max_bytes:
            raise RefusedError(f"refused {url}: page larger than {config.max_bytes:,} bytes")
        return body

    body = _with_retries("reading page", url, config, get)
    assert body is not None
    return body.decode("utf-8", errors="replace")


# ------------------------------------------------------------------------------ page links


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def page_links(html: str, page_url: str) -> list[str]:
    """Absolute URLs of every <a href> on a page, in page order, without fragments."""
    parser = _LinkParser()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        absolute = urllib.parse.urljoin(page_url, href)
        absolute = urllib.parse.urldefrag(absolute).url
        if absolute not in links:
            links.append(absolute)
    return links


def file_name_of(url: str) -> str:
    return urllib.parse.unquote(Path(urllib.parse.urlsplit(url).path).name)


class LinkFinder:
    """Reads a series' landing page and its publication pages once each, and finds file links."""

    def __init__(self, config: DownloadConfig, say: Callable[[str], None]) -> None:
        self.config = config
        self.say = say
        self._pages: dict[str, list[str]] = {}

    def links(self, url: str) -> list[str]:
        if url not in self._pages:
            self.say(f"  reading {url}")
            self._pages[url] = page_links(fetch_page(url, self.config), url)
        return self._pages[url]

    def publication_pages(self, landing: str, hints: Sequence[str]) -> list[str]:
        """The landing page itself, then its links to publication pages whose slug holds a hint
        (the landing page is searched too: some series link files from there directly)."""
        landing_path = urllib.parse.urlsplit(landing).path.rstrip("/")
        pages = [landing]
        for link in self.links(landing):
            path = urllib.parse.urlsplit(link).path.rstrip("/")
            slug = path.rsplit("/", 1)[-1].lower()
            if (path.startswith(landing_path + "/") and any(h in slug for h in hints)
                    and link not in pages):
                pages.append(link)
        return pages

    def find(self, target: Target) -> FileLink:
        landing = self.config.pages.get(target.source)
        if landing is None:
            raise UsageError(f"no landing page configured for series {target.source!r}")
        searched, matches = [], []
        for page in self.publication_pages(landing, target.page_hints):
            searched.append(page)
            for link in self.links(page):
                name = file_name_of(link)
                if target.pattern.fullmatch(name):
                    matches.append(FileLink(link, name, page))
            if matches:
                break
        if not matches:
            raise LinkNotFoundError(
                f"{target.label}: no link matching /{target.pattern.pattern}/ on "
                f"{', '.join(searched)} - the publisher may have renamed the files or moved the "
                "page; check the page in a browser and update the pattern or page URL")
        rank = {suffix: i for i, suffix in enumerate(target.prefer)}
        return min(matches, key=lambda m: (rank.get(Path(m.file_name).suffix.lower(), 99),
                                           "provisional" in m.file_name.lower()))


# -------------------------------------------------------------------------------- download


def _total_size(response: http.client.HTTPResponse, offset: int) -> int | None:
    if response.status == 206:
        match = re.search(r"/(\d+)\s*$", response.headers.get("Content-Range", ""))
        return int(match.group(1)) if match else None
    length = response.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _transfer(url: str, part: Path, config: DownloadConfig) -> None:
    """One attempt: continue `part` from its current size (Range) or start it afresh."""
    offset = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": config.user_agent}
    if offset:
        headers["Range"] = f"bytes={offset}-"
    request = urllib.request.Request(url, headers=headers)
    try:
        response = _opener(config).open(request, timeout=config.timeout_seconds)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and offset:  # range not satisfiable: start again
            part.unlink()
        raise
    with response:
        if response.status != 206:
            offset = 0  # the server ignored the Range header: start again
        total = _total_size(response, offset)
        if total is not None and total > config.max_bytes:
            raise RefusedError(f"refused {url}: {total:,} bytes is over the size limit of "
                               f"{config.max_bytes:,} bytes")
        received = offset
        with part.open("ab" if offset else "wb") as handle:
            while chunk := response.read(config.chunk_bytes):
                received += len(chunk)
                if received > config.max_bytes:
                    raise RefusedError(f"refused {url}: more than {config.max_bytes:,} bytes "
                                       "(size limit)")
                handle.write(chunk)
    if total is not None and received != total:
        raise http.client.IncompleteRead(b"", total - received)


def _looks_like_html(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(512).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def download_file(url: str, dest: Path, config: DownloadConfig) -> tuple[int, str]:
    """Download `url` to `dest` (atomically); returns (size, sha256). On failure the `.part`
    file is removed and an existing `dest` is left untouched."""
    check_url(url, config)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    if part.exists():
        part.unlink()  # a leftover of a killed run: its origin is unknown, start clean
    try:
        _with_retries("download", url, config, lambda: _transfer(url, part, config))
        if not part.exists():
            part.touch()
        if dest.suffix.lower() in {".csv", ".xlsx", ".zip"} and _looks_like_html(part):
            raise TransferError(f"download {url} returned an HTML page, not a "
                                f"{dest.suffix} file (a login or error page?)")
        size, digest = part.stat().st_size, sha256_of(part)
        os.replace(part, dest)
        return size, digest
    finally:
        if part.exists():
            part.unlink()


def _extract_zip(archive: Path) -> list[Path]:
    """Extract the CSV members of an ODS zip beside it (each written atomically)."""
    out = []
    try:
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                name = Path(member).name
                if not name.lower().endswith(".csv"):
                    continue
                dest = archive.with_name(name)
                tmp = dest.with_name(dest.name + ".part")
                tmp.write_bytes(zipped.read(member))
                os.replace(tmp, dest)
                out.append(dest)
    except zipfile.BadZipFile:
        raise TransferError(f"{archive} is not a valid zip file") from None
    return out


# -------------------------------------------------------------------------------- manifest


def load_manifest(out_dir: Path) -> dict[str, dict[str, object]]:
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text())["files"])
    except (ValueError, KeyError, TypeError):
        raise DownloadError(f"{path} is not a download manifest; move it away") from None


def save_manifest(out_dir: Path, files: dict[str, dict[str, object]]) -> Path:
    path = out_dir / MANIFEST_NAME
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps({"files": dict(sorted(files.items()))}, indent=2) + "\n")
    os.replace(tmp, path)
    return path


def _entry(link: FileLink, target: Target, size: int, digest: str) -> dict[str, object]:
    return {"url": link.url, "page_url": link.page_url, "target": target.label,
            "source": target.source, "size": size, "sha256": digest,
            "downloaded_at": datetime.now(UTC).isoformat(timespec="seconds")}


def _already_have(dest: Path, recorded: dict[str, object] | None, url: str) -> bool:
    return (recorded is not None and dest.exists() and recorded.get("url") == url
            and dest.stat().st_size == recorded.get("size")
            and sha256_of(dest) == recorded.get("sha256"))


def fetch(targets: Iterable[Target], out_dir: Path, config: DownloadConfig | None = None,
          refresh: bool = False, say: Callable[[str], None] = print) -> list[Downloaded]:
    """Find and download every target into `out_dir/<source>/`; the manifest is updated after
    each file, so an interrupted run keeps what it finished. Raises a DownloadError."""
    config = config or DownloadConfig()
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = load_manifest(out_dir)
    finder = LinkFinder(config, say)
    done = []
    for target in targets:
        link = finder.find(target)
        relative = f"{target.source}/{link.file_name}"
        dest = out_dir / relative
        if not refresh and _already_have(dest, manifest.get(relative), link.url):
            recorded = manifest[relative]
            done.append(Downloaded(target.label, dest, link.url, int(str(recorded["size"])),
                                   str(recorded["sha256"]), skipped=True))
            say(f"  have {relative} (sha256 matches the manifest)")
            continue
        say(f"  downloading {link.url}")
        size, digest = download_file(link.url, dest, config)
        manifest[relative] = _entry(link, target, size, digest)
        if target.extract_zip and dest.suffix.lower() == ".zip":
            for csv in _extract_zip(dest):
                manifest[f"{target.source}/{csv.name}"] = {
                    **_entry(link, target, csv.stat().st_size, sha256_of(csv)),
                    "extracted_from": relative}
        save_manifest(out_dir, manifest)
        done.append(Downloaded(target.label, dest, link.url, size, digest))
        say(f"  saved {relative}: {size:,} bytes, sha256 {digest[:12]}")
    return done


# ------------------------------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nti fetch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="folder for the files (default: raw folder)")
    parser.add_argument("--base-url", help="serve every series page from this origin instead "
                        "(a mirror, or a test server); its host is allowed")
    parser.add_argument("--allow-host", action="append", default=[],
                        help="add a host to the allowlist (repeatable)")
    parser.add_argument("--max-mb", type=float, default=500, help="size limit per file (MB)")
    parser.add_argument("--retries", type=int, default=4)
    parser.add_argument("--refresh", action="store_true",
                        help="download again even when the manifest has the file")
    sub = parser.add_subparsers(dest="what", required=True)
    msds = sub.add_parser("msds", help="MSDS monthly files for a range of months")
    msds.add_argument("--from", dest="first", required=True, help="first month, YYYY-MM")
    msds.add_argument("--to", dest="last", help="last month, YYYY-MM (default: --from)")
    msds.add_argument("--kind", action="append", choices=MSDS_KINDS,
                      help="file kind (repeatable; default all three)")
    msds.add_argument("--status", choices=MSDS_STATUSES, default="any",
                      help="final, provisional or any (final preferred)")
    annual = sub.add_parser("annual", help="NHS Maternity Statistics provider files")
    annual.add_argument("years", nargs="+", help="financial years, e.g. 2022-23 2023-24")
    sub.add_parser("ods", help="ODS etr and succ reference files")
    page = sub.add_parser("page", help="any series (shmi, rtt, ae): files matching a pattern")
    page.add_argument("source", choices=sorted(DEFAULT_PAGES))
    page.add_argument("--pattern", required=True, help="regular expression for file names")
    page.add_argument("--hint", action="append", default=[],
                      help="publication-page slug text to follow from the landing page")
    return parser


def targets_from_args(args: argparse.Namespace) -> list[Target]:
    if args.what == "msds":
        months = month_range(args.first, args.last or args.first)
        return msds_targets(months, args.kind or MSDS_KINDS, args.status)
    if args.what == "annual":
        return annual_targets(args.years)
    if args.what == "ods":
        return ods_targets()
    return page_targets(args.source, args.pattern, args.hint)


def config_from_args(args: argparse.Namespace) -> DownloadConfig:
    config = DownloadConfig(max_bytes=int(args.max_mb * 1024 * 1024), retries=args.retries)
    if args.base_url:
        config = config.with_base_url(args.base_url)
    if args.allow_host:
        config = replace(config, allowed_hosts=config.allowed_hosts | set(args.allow_host))
    return config


def main(argv: Sequence[str] | None = None, default_out: Path | None = None) -> int:
    """`nti fetch ...`: returns an EXIT_* code; failures print one line, never a traceback."""
    args = build_parser().parse_args(argv)
    out = args.out or default_out
    if out is None:
        from nti import config as nti_config

        out = nti_config.raw_dir()
    try:
        targets = targets_from_args(args)
        done = fetch(targets, out, config_from_args(args), refresh=args.refresh)
    except DownloadError as exc:
        print(f"nti fetch: ERROR {exc}", file=sys.stderr, flush=True)
        return exc.exit_code
    except KeyboardInterrupt:
        print("nti fetch: interrupted; finished files are kept, partial files removed",
              file=sys.stderr)
        return 130
    fresh = [d for d in done if not d.skipped]
    print(f"nti fetch: {len(fresh)} downloaded, {len(done) - len(fresh)} already present; "
          f"manifest {out / MANIFEST_NAME}", flush=True)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
