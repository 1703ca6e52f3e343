"""Two builds from the same inputs give identical mart contents (issue 7).

Release 1 is built from scratch, release 2 on a copy of release 1 (the incremental index marts
re-insert their periods). Every mart (`marts.*`) and every release table (`release.<index mart>`)
is compared by row count and a hash over the row hashes (release.content_hash). Floating-point
values are rounded to release.FLOAT_DIGITS significant digits: DuckDB's parallel sums differ
between runs in the last bits (1e-16..1e-14 seen). Excluded columns:
- `release_id` (release.VOLATILE_COLUMNS), added by the release tables: it names the build;
- KNOWN_NONDETERMINISTIC below: bugs, not legitimate differences (the xfail test shows them;
  remove the exclusion once the models are fixed).
"""

from __future__ import annotations

import duckdb

from conftest import report_line
from nti import release
from nti.publish import Paths

# Columns that may legitimately differ between two builds of the same inputs, beyond
# release.VOLATILE_COLUMNS. Empty: the any_value() picks this test once found in
# int_equality_population_shares and int_board_preterm_rates are now deterministic (min()).
KNOWN_NONDETERMINISTIC: dict[str, tuple[str, ...]] = {}


def _differing_columns(first, second, relation: str) -> list[str]:
    schema, table = relation.split(".")
    out = []
    for path_a, path_b in ((first, second),):
        a = duckdb.connect(str(path_a), read_only=True)
        b = duckdb.connect(str(path_b), read_only=True)
        try:
            for column, _ in release._columns(a, schema, table):
                others = tuple(c for c, _ in release._columns(a, schema, table) if c != column)
                if (release.content_hash(a, schema, table, others)
                        != release.content_hash(b, schema, table, others)):
                    out.append(column)
        finally:
            a.close()
            b.close()
    return out


def _release_files(two_releases):
    paths = Paths(two_releases["db"])
    return [paths.release_db(i) for i in two_releases["ids"]]


def test_two_builds_of_the_same_inputs_have_identical_marts(two_releases):
    first, second = _release_files(two_releases)
    a = release.fingerprints(first, KNOWN_NONDETERMINISTIC)
    b = release.fingerprints(second, KNOWN_NONDETERMINISTIC)
    assert set(a) == set(b)
    differing = {name: _differing_columns(first, second, name) for name in a
                 if a[name] != b[name]}
    assert not differing, f"marts differ between two builds of the same inputs: {differing}"
    assert a["marts.fct_maternity_index"][0] > 0
    excluded = [*release.VOLATILE_COLUMNS,
                *(f"{k}.{c}" for k, cols in KNOWN_NONDETERMINISTIC.items() for c in cols)]
    report_line("Determinism", f"{len(a)} relations identical across two builds (row "
                f"hashes, doubles to {release.FLOAT_DIGITS} significant digits); excluded "
                f"columns: {', '.join(excluded)}")
