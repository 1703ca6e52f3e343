"""Floating-point statistics are computed in a fixed order (issue 8: a build must give the same
numbers whatever order DuckDB's threads hand the rows over in).

A sum of doubles depends on the order of its terms in the last bits. DuckDB aggregates in
parallel, so without an `order by` inside the aggregate, an England mean or a regression slope
changed in its 15th digit from one build of the same files to the next (found on the real corpus:
int_value_indicators_scored, int_maternity_measure_standardised). DuckDB honours
`avg(x order by key)`, grouped and as a window function, so every mean, deviation, variance,
covariance and regression in the models names its order. (Sums of counts are exact and need none;
the sums of weights and scores carry an `order by` too, which this scan cannot tell apart.)
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT

ORDER_SENSITIVE = ("avg", "stddev_samp", "stddev_pop", "var_samp", "var_pop", "covar_samp",
                   "covar_pop", "corr", "regr_slope", "regr_intercept", "regr_r2", "regr_sxx",
                   "regr_syy", "regr_sxy", "regr_avgx", "regr_avgy", "fsum")
CALL = re.compile(r"\b(" + "|".join(ORDER_SENSITIVE) + r")\s*\(", re.IGNORECASE)


def _arguments(sql: str, open_paren: int) -> str:
    """The text between the parenthesis at open_paren and the one that closes it."""
    depth = 0
    for i in range(open_paren, len(sql)):
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
            if depth == 0:
                return sql[open_paren + 1:i]
    raise AssertionError("unbalanced parentheses")


def _without_comments(sql: str) -> str:
    sql = re.sub(r"\{#.*?#\}", "", sql, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", "", sql)


def unordered_aggregates(sql: str) -> list[str]:
    """The order-sensitive aggregate calls in sql whose arguments carry no `order by`."""
    sql = _without_comments(sql)
    found = []
    for match in CALL.finditer(sql):
        args = _arguments(sql, match.end() - 1)
        if not re.search(r"\border\s+by\b", args, re.IGNORECASE):
            found.append(f"{match.group(1)}({' '.join(args.split())})")
    return found


def test_the_scan_finds_an_unordered_mean_and_accepts_an_ordered_one():
    assert unordered_aggregates("select avg(x) over (partition by g) from t") == ["avg(x)"]
    assert unordered_aggregates("select regr_slope(y, ln(x)) from t") == ["regr_slope(y, ln(x))"]
    assert unordered_aggregates("select avg(x order by k) over (partition by g), "
                                "stddev_samp(x order by k) from t -- avg(y)") == []


def test_every_order_sensitive_aggregate_in_the_models_names_its_order():
    offenders = {}
    for path in sorted((PROJECT / "models").rglob("*.sql")):
        found = unordered_aggregates(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(PROJECT))] = found
    assert not offenders, (
        "aggregates of doubles without `order by` give last-bit differences from build to "
        f"build; add `order by <the group's unique key>` inside the call: {offenders}")


def test_macros_render_no_unordered_aggregate():
    offenders = {}
    for path in sorted(Path(PROJECT / "macros").rglob("*.sql")):
        found = unordered_aggregates(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(PROJECT))] = found
    assert not offenders, offenders
