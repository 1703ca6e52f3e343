"""Decide which file is current for each publication, and say why the others are not.

Files describe the same publication when they share a publication key (layout, series, period).
Within a key the ranking is, best first:
0. for snapshots (reference files with no period), the newest vintage;
1. final before provisional;
2. a file marked revised before one that is not;
3. the publisher's CSV before an xlsx re-save;
4. the later relative path (a deterministic tie-break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REVISED = re.compile(r"revised|[-_]v\d+\b|[-_]r\d+\b")


@dataclass(frozen=True)
class Candidate:
    file_id: str
    publication_key: str
    is_provisional: bool
    file_name: str
    file_format: str
    relative_path: str
    sha256: str
    vintage: str = ""  # snapshots: the latest date the file holds (ISO), newest wins


@dataclass(frozen=True)
class Decision:
    is_current: bool
    superseded_by: str | None
    reason: str | None


def is_revised(file_name: str) -> bool:
    return bool(_REVISED.search(file_name.lower()))


def _rank(c: Candidate) -> tuple[int, int, int]:
    # Lower sorts first; ties keep the order of the reverse sorts on path and vintage below.
    return (int(c.is_provisional), int(not is_revised(c.file_name)), int(c.file_format != "csv"))


def _reason(winner: Candidate, loser: Candidate) -> str:
    if winner.sha256 == loser.sha256:
        return "identical copy of the current file"
    if winner.vintage > loser.vintage:
        older = loser.vintage or "unknown"
        return f"older snapshot (to {older}) than the current ({winner.vintage})"
    if loser.is_provisional and not winner.is_provisional:
        return "final supersedes provisional"
    if is_revised(winner.file_name) and not is_revised(loser.file_name):
        return "revised file supersedes the original"
    if winner.file_format == "csv" and loser.file_format != "csv":
        return f"same publication as {winner.file_format}; the csv is preferred to the xlsx re-save"
    return "same publication in another file; the later path is used"


def _group_key(c: Candidate) -> str:
    """The publication key; a file whose period is unknown (a multi-period panel) is keyed by
    its content, so two identical copies are one publication (not counted twice)."""
    head, unknown, _ = c.publication_key.partition("|unknown:")
    return f"{head}|sha256:{c.sha256}" if unknown else c.publication_key


def decide(candidates: list[Candidate]) -> dict[str, Decision]:
    """One decision per file id."""
    by_key: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_key.setdefault(_group_key(c), []).append(c)
    decisions: dict[str, Decision] = {}
    for group in by_key.values():
        ordered = sorted(group, key=lambda c: c.relative_path, reverse=True)
        ordered.sort(key=_rank)
        ordered.sort(key=lambda c: c.vintage, reverse=True)
        winner = ordered[0]
        decisions[winner.file_id] = Decision(True, None, None)
        for loser in ordered[1:]:
            decisions[loser.file_id] = Decision(False, winner.file_id, _reason(winner, loser))
    return decisions
