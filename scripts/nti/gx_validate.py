"""Validate the landing tables with great-expectations 1.x suites, one validation per landed file.

Every layout table `landing.<layout.table>` holds the published text of each file (all VARCHAR,
blank cells NULL). For each file in it this module runs a suite built in code: the layout's
columns are present, key columns are filled, coded columns hold their published values (Org_Level,
Currency, Count_Of), dates parse in the publication's own format, and value columns are numbers or
one of the publication's markers. A failure names the file (its `relative_path` from
`landing.file_manifest`), the column, the expectation and a few unexpected values with the lines
they sit on.

GX 1.x runs through pandas here (its SQL route does not work with DuckDB, see TOOLCHAIN.md): the
file's rows are read with DuckDB (`.df()`), then validated through an ephemeral context, a pandas
datasource and a whole-dataframe batch definition. GX is imported only when a validation runs,
since its import alone takes 3-4 s.

Usage: python -m nti.gx_validate --db target/nti.duckdb --report target/gx_landing_report.md
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from nti.layouts import (
    LAYOUTS,
    MBRRACE_PERINATAL,
    MSDS_ANNUAL,
    MSDS_EXP_DATA,
    MSDS_EXP_DQ,
    MSDS_EXP_MEASURES,
    ODS_ETR,
    ODS_SUCC,
    TRUST_ICB_LOOKUP,
    Layout,
)

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.data_context import AbstractDataContext
    from great_expectations.expectations.expectation import Expectation

# --------------------------------------------------------------------------------------------
# Published value sets and patterns
# --------------------------------------------------------------------------------------------

EXP_DATA_ORG_LEVELS = (
    "National",
    "NHS England (Region)",
    "MBRRACE Grouping",
    "Local Authority of Residence",
    "Provider",
    "Booking Site",
    "Delivery Site",
    "Local Maternity System",
    "SubICB of Responsibility",
    "CCG of Responsibility",  # before July 2022
)
EXP_MEASURES_ORG_LEVELS = (
    "National",
    "NHS England (Region)",
    "MBRRACE Grouping",
    "Local Maternity System",
    "Provider",
)
ANNUAL_ORG_LEVELS = (
    "National",
    "NHS England (Region)",
    "Provider",
    # 2019-20 file
    "PROVIDER",
    "REGION",
    "ALL SUBMITTERS",
    # 2017-18 data-quality flat file
    "Region",
    "All Submitters",
)
CURRENCIES = ("Numerator", "Denominator", "Rate", "Rate per Thousand", "Result")
COUNT_OF_VALUES = ("Women", "Babies", "Deliveries", "Average over women", "Organisations", "Months")

# Markers published in place of a number. A blank (NULL) value is always allowed: GX column-map
# expectations skip nulls, and only key columns carry a not-null expectation.
MSDS_MONTHLY_MARKERS = ("DNS", "*")  # did not submit; suppressed
EXP_MEASURES_MARKERS = (*MSDS_MONTHLY_MARKERS, "Low DQ", "Pass", "Fail")
SUPPRESSED_MINUS_ONE = ("-1",)  # MBRRACE and the 2017-18 DQ flat file write suppressed as -1

UNSIGNED_NUMBER = r"\d+(?:\.\d+)?"
SIGNED_NUMBER = r"-?\d+(?:\.\d+)?"
DDMMYYYY_SHAPE = r"^\d{2}/\d{2}/\d{4}$"
YYYYMMDD_SHAPE = r"^\d{8}$"
ISO_DATE_SHAPE = r"^\d{4}-\d{2}-\d{2}$"
ODS_CODE = r"^[A-Z0-9]{3,5}$"

RESULT_FORMAT: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
MAX_EXAMPLES = 5
LINES_PER_EXAMPLE = 3

# --------------------------------------------------------------------------------------------
# Checks: the suite of a layout in plain terms, turned into GX expectations when it runs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One expectation of a suite, described in plain terms.

    kind is one of: columns (all `values` present as columns), not_null, in_set (`values`),
    regex (`pattern`), strftime (`pattern`), unique.
    """

    kind: str
    column: str
    description: str
    values: tuple[str, ...] = ()
    pattern: str = ""
    # Rows where column `exempt[0]` equals `exempt[1]` are not checked (a GX row_condition).
    exempt: tuple[str, str] | None = None
    # GX `mostly`: only for a column where a small share of legitimately odd rows is normal.
    # No check needs it today: the one such case found in the real publications (blank Org_Code
    # of LOCAL AUTHORITY UNKNOWN rows) is exempted exactly, by `exempt`, not by a share.
    mostly: float = 1.0


def columns_present(layout: Layout) -> Check:
    return Check("columns", "", f"the {len(layout.columns)} layout columns are present",
                 values=layout.columns)


def not_null(*columns: str) -> list[Check]:
    return [Check("not_null", c, "key column is filled") for c in columns]


def in_set(column: str, values: Sequence[str], what: str) -> Check:
    return Check("in_set", column, f"{what} is one of the published values", values=tuple(values))


def any_case(values: Sequence[str]) -> tuple[str, ...]:
    """The values as published and in lower and upper case (the 2019-20 file writes `babies`)."""
    return tuple(dict.fromkeys(v for value in values for v in (value, value.lower(),
                                                                 value.upper())))


def numeric(
    columns: Sequence[str], markers: Sequence[str] = (), signed: bool = False
) -> list[Check]:
    number = SIGNED_NUMBER if signed else UNSIGNED_NUMBER
    alternatives = [number, *(re.escape(m) for m in markers)]
    pattern = "^(?:" + "|".join(alternatives) + ")$"
    what = "a signed number" if signed else "a non-negative number"
    if markers:
        what += " or one of " + ", ".join(markers)
    return [Check("regex", c, what, pattern=pattern) for c in columns]


def dates(columns: Sequence[str], shape: str, strftime_format: str, shown: str) -> list[Check]:
    """The exact published shape (strptime also accepts 1/2/2025), then a real calendar date."""
    checks: list[Check] = []
    for column in columns:
        checks.append(Check("regex", column, f"written {shown}", pattern=shape))
        checks.append(Check("strftime", column, f"a real date in {shown}", pattern=strftime_format))
    return checks


def regex(column: str, pattern: str, what: str) -> Check:
    return Check("regex", column, what, pattern=pattern)


def exp_data_checks(relative_path: str) -> list[Check]:
    del relative_path
    columns = MSDS_EXP_DATA.ddmmyyyy_columns
    return [
        *not_null("org_level", "dimension", "count_of", "final_value", *columns),
        # Rows for residents whose local authority is unknown are published with a blank
        # Org_Code (about 110 rows a month); every other row must carry a code.
        Check("not_null", "org_code", "key column is filled (except LOCAL AUTHORITY UNKNOWN)",
              exempt=("org_name", "LOCAL AUTHORITY UNKNOWN")),
        in_set("org_level", EXP_DATA_ORG_LEVELS, "Org_Level"),
        in_set("count_of", any_case(COUNT_OF_VALUES), "Count_Of"),
        *dates(columns, DDMMYYYY_SHAPE, "%d/%m/%Y", "dd/mm/yyyy"),
        *numeric(["final_value"], MSDS_MONTHLY_MARKERS),
    ]


def exp_measures_checks(relative_path: str) -> list[Check]:
    del relative_path
    columns = MSDS_EXP_MEASURES.ddmmyyyy_columns
    return [
        *not_null("org_code", "org_level", "indicator_family", "indicator", "currency", *columns),
        in_set("org_level", EXP_MEASURES_ORG_LEVELS, "Org_Level"),
        in_set("currency", CURRENCIES, "Currency"),
        *dates(columns, DDMMYYYY_SHAPE, "%d/%m/%Y", "dd/mm/yyyy"),
        *numeric(["value"], EXP_MEASURES_MARKERS),
    ]


def exp_dq_checks(relative_path: str) -> list[Check]:
    del relative_path
    columns = MSDS_EXP_DQ.ddmmyyyy_columns
    counts = ["valid", "default_count", "invalid", "missing", "denominator"]
    return [
        *not_null("org_code", "data_table", "data_item", *columns),
        *dates(columns, DDMMYYYY_SHAPE, "%d/%m/%Y", "dd/mm/yyyy"),
        *numeric(counts, MSDS_MONTHLY_MARKERS),
    ]


def annual_checks(relative_path: str) -> list[Check]:
    # Only the 2017-18 data-quality flat file (hosp-epis-stat-mat-dqanlys-...) writes -1.
    markers = SUPPRESSED_MINUS_ONE if "dqanlys" in relative_path.lower() else ()
    return [
        *not_null("period", "dimension", "org_level", "org_code", "count_of"),
        regex("period", r"^\d{4}-\d{2}$", "a financial year like 2019-20"),
        in_set("org_level", ANNUAL_ORG_LEVELS, "Org_Level"),
        in_set("count_of", any_case(COUNT_OF_VALUES), "Count_Of"),
        *numeric(["value"], markers),
    ]


def _mbrrace_numbers() -> tuple[str, ...]:
    """Counts, rates and category ids: total_*, *_rate, *_category_id, comparator_group_id."""
    return tuple(
        c for c in MBRRACE_PERINATAL.columns
        if c.startswith("total_") or c.endswith(("_rate", "_category_id"))
        or c == "comparator_group_id"
    )


def mbrrace_checks(relative_path: str) -> list[Check]:
    del relative_path
    interval = rf"^{UNSIGNED_NUMBER} to {UNSIGNED_NUMBER}$"
    intervals = [c for c in MBRRACE_PERINATAL.columns if c.endswith("_ci")]
    return [
        *not_null("report_year", "organisation_code", "organisation_name"),
        regex("report_year", r"^\d{4}$", "a four-digit year"),
        regex("organisation_code", r"^\d+$", "an MBRRACE numeric organisation id"),
        Check("unique", "organisation_code", "one row per organisation"),
        *numeric(_mbrrace_numbers(), SUPPRESSED_MINUS_ONE),
        *numeric(["longitude", "latitude"], signed=True),
        *[regex(c, interval, "an interval like 1.82 to 3.55") for c in intervals],
    ]


def ods_etr_checks(relative_path: str) -> list[Check]:
    del relative_path
    return [
        *not_null("organisation_code", "name", "open_date"),
        regex("organisation_code", ODS_CODE, "an ODS trust code"),
        Check("unique", "organisation_code", "one row per organisation"),
        *dates(["open_date", "close_date"], YYYYMMDD_SHAPE, "%Y%m%d", "YYYYMMDD"),
    ]


def ods_succ_checks(relative_path: str) -> list[Check]:
    del relative_path
    return [
        *not_null("organisation_code", "successor_organisation_code", "effective_date"),
        *dates(["effective_date"], YYYYMMDD_SHAPE, "%Y%m%d", "YYYYMMDD"),
    ]


def trust_icb_lookup_checks(relative_path: str) -> list[Check]:
    del relative_path
    return [
        *not_null("ods_code", "name"),
        regex("ods_code", ODS_CODE, "an ODS trust code"),
        Check("unique", "ods_code", "one row per trust"),
        *dates(["last_validated", "merger_date"], ISO_DATE_SHAPE, "%Y-%m-%d", "yyyy-mm-dd"),
    ]


CHECKS_BY_LAYOUT: dict[str, Callable[[str], list[Check]]] = {
    MSDS_EXP_DATA.name: exp_data_checks,
    MSDS_EXP_MEASURES.name: exp_measures_checks,
    MSDS_EXP_DQ.name: exp_dq_checks,
    MSDS_ANNUAL.name: annual_checks,
    MBRRACE_PERINATAL.name: mbrrace_checks,
    ODS_ETR.name: ods_etr_checks,
    ODS_SUCC.name: ods_succ_checks,
    TRUST_ICB_LOOKUP.name: trust_icb_lookup_checks,
}


def checks_for(layout: Layout, relative_path: str) -> list[Check]:
    """The suite of a layout for one file (a layout without its own checks gets the columns)."""
    specific = CHECKS_BY_LAYOUT.get(layout.name)
    return [columns_present(layout), *(specific(relative_path) if specific else [])]


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FailedExpectation:
    column: str
    expectation: str  # the GX expectation type, e.g. expect_column_values_to_be_in_set
    description: str
    unexpected_count: int | None
    unexpected_percent: float | None
    examples: tuple[str, ...]


@dataclass
class FileValidation:
    layout: str
    table: str
    file_id: str
    relative_path: str
    rows: int
    expectations: int
    success: bool
    failures: list[FailedExpectation] = field(default_factory=list)
    superseded: bool = False
    seconds: float = 0.0


@dataclass
class ValidationResult:
    db_path: str
    files: list[FileValidation]
    seconds: float
    gx_version: str

    @property
    def success(self) -> bool:
        return all(f.success for f in self.files)

    @property
    def failed_files(self) -> list[FileValidation]:
        return [f for f in self.files if not f.success]

    def summary_lines(self) -> list[str]:
        lines = [_summary_line(f) for f in self.files]
        lines.append(
            f"{len(self.files)} files validated in {self.seconds:.1f} s: "
            f"{len(self.files) - len(self.failed_files)} passed, {len(self.failed_files)} failed"
        )
        return lines

    def to_markdown(self) -> str:
        parts = [_markdown_header(self)]
        parts.extend(_markdown_file_section(f) for f in self.files)
        return "\n\n".join(parts) + "\n"


def _file_label(result: FileValidation) -> str:
    return result.relative_path + (" (superseded copy)" if result.superseded else "")


def _summary_line(result: FileValidation) -> str:
    status = "PASS" if result.success else "FAIL"
    detail = f"{result.rows} rows, {result.expectations} expectations"
    if not result.success:
        detail += f", {len(result.failures)} failed: " + ", ".join(
            f"{f.column or 'table'} {_short_type(f.expectation)}" for f in result.failures
        )
    return f"{status} {result.layout} {_file_label(result)} ({detail})"


def _short_type(expectation: str) -> str:
    return expectation.removeprefix("expect_")


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_header(result: ValidationResult) -> str:
    failed = len(result.failed_files)
    lines = [
        "# Landing validation report",
        "",
        f"great-expectations {result.gx_version} over `{result.db_path}`: "
        f"{len(result.files)} files validated in {result.seconds:.1f} s, "
        f"{len(result.files) - failed} passed, {failed} failed.",
    ]
    if not result.files:
        lines += ["", "No landing table holds any rows: nothing was validated."]
        return "\n".join(lines)
    lines += [
        "",
        "| Result | Layout | File | Rows | Failed expectations |",
        "|---|---|---|---:|---:|",
    ]
    for f in result.files:
        status = "PASS" if f.success else "**FAIL**"
        lines.append(
            f"| {status} | {f.layout} | {_cell(_file_label(f))} | {f.rows} | "
            f"{len(f.failures)} of {f.expectations} |"
        )
    return "\n".join(lines)


def _markdown_file_section(result: FileValidation) -> str:
    status = "PASS" if result.success else "FAIL"
    lines = [
        f"## {status}: {_file_label(result)}",
        "",
        f"Layout `{result.layout}` (table `landing.{result.table}`), file_id `{result.file_id}`, "
        f"{result.rows} rows; {len(result.failures)} of {result.expectations} expectations failed "
        f"({result.seconds:.1f} s).",
    ]
    if result.failures:
        lines += [
            "",
            "| Column | Expectation | Check | Unexpected | Examples |",
            "|---|---|---|---:|---|",
        ]
        lines.extend(_failure_row(f) for f in result.failures)
    return "\n".join(lines)


def _failure_row(failure: FailedExpectation) -> str:
    count = "" if failure.unexpected_count is None else str(failure.unexpected_count)
    if failure.unexpected_percent is not None:
        count += f" ({failure.unexpected_percent:.3g}%)"
    examples = "; ".join(failure.examples)
    return (
        f"| {_cell(failure.column or '(table)')} | {failure.expectation} | "
        f"{_cell(failure.description)} | {count} | {_cell(examples)} |"
    )


# --------------------------------------------------------------------------------------------
# Great Expectations
# --------------------------------------------------------------------------------------------


@dataclass
class _Runner:
    """An ephemeral GX context with one pandas whole-dataframe batch definition, and its suites."""

    context: AbstractDataContext
    batch_definition: BatchDefinition
    suites: dict[str, ExpectationSuite] = field(default_factory=dict)


def _quiet_gx() -> None:
    """GX logs INFO lines (e.g. its ephemeral docs-site folder); keep warnings and errors only."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def _new_runner() -> _Runner:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _quiet_gx()
    context = gx.get_context(mode="ephemeral")
    # GX 1.x draws a tqdm bar per validation ("Calculating Metrics") unless told not to.
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas("landing").add_dataframe_asset("landing_file")
    return _Runner(context, asset.add_batch_definition_whole_dataframe("whole_file"))


def _row_condition(check: Check) -> Any:
    if check.exempt is None:
        return None
    from great_expectations.expectations.row_conditions import Column

    column, value = check.exempt
    return Column(column) != value


def to_expectation(check: Check, index: int) -> Expectation:
    """The GX expectation for a check; meta carries the check's index to map results back."""
    import great_expectations.expectations as gxe

    common: dict[str, Any] = {"meta": {"check": index}}
    if check.kind == "columns":
        return gxe.ExpectTableColumnsToMatchSet(
            column_set=list(check.values), exact_match=False, **common
        )
    common["column"] = check.column
    if check.mostly < 1.0:
        common["mostly"] = check.mostly
    condition = _row_condition(check)
    if condition is not None:
        common["row_condition"] = condition
    builders: dict[str, Callable[[], Expectation]] = {
        "not_null": lambda: gxe.ExpectColumnValuesToNotBeNull(**common),
        "in_set": lambda: gxe.ExpectColumnValuesToBeInSet(value_set=list(check.values), **common),
        "regex": lambda: gxe.ExpectColumnValuesToMatchRegex(regex=check.pattern, **common),
        "strftime": lambda: gxe.ExpectColumnValuesToMatchStrftimeFormat(
            strftime_format=check.pattern, **common
        ),
        "unique": lambda: gxe.ExpectColumnValuesToBeUnique(**common),
    }
    return builders[check.kind]()


def _suite(runner: _Runner, name: str, checks: Sequence[Check]) -> ExpectationSuite:
    if name not in runner.suites:
        import great_expectations as gx

        suite = gx.ExpectationSuite(name=name)
        for index, check in enumerate(checks):
            suite.add_expectation(to_expectation(check, index))
        runner.suites[name] = runner.context.suites.add(suite)
    return runner.suites[name]


def _suite_name(layout: Layout, checks: Sequence[Check]) -> str:
    # Files of a layout share a suite unless their checks differ (the 2017-18 -1 marker).
    return f"{layout.name}_{abs(hash(tuple(checks))):x}"


# --------------------------------------------------------------------------------------------
# Turning GX results into failures
# --------------------------------------------------------------------------------------------


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(blank)"
    return repr(str(value))


def _check_mask(frame: pd.DataFrame, check: Check) -> pd.Series:
    """Rows a check applies to (all rows, less the exempt ones)."""
    mask = pd.Series(True, index=frame.index)
    if check.exempt is not None and check.exempt[0] in frame.columns:
        mask &= frame[check.exempt[0]].ne(check.exempt[1]) | frame[check.exempt[0]].isna()
    return mask


def _lines_of(frame: pd.DataFrame, check: Check, value: object) -> list[int]:
    """The first line numbers where a column holds a value (or is blank, for None)."""
    if check.column not in frame.columns or "line_number" not in frame.columns:
        return []
    column = frame[check.column]
    hits = column.isna() if value is None else column.eq(value)
    if check.kind == "unique":
        hits &= column.duplicated(keep=False)
    rows = frame.loc[hits & _check_mask(frame, check), "line_number"]
    return [int(n) for n in rows.head(LINES_PER_EXAMPLE)]


def _value_examples(frame: pd.DataFrame, check: Check, values: Sequence[object]) -> list[str]:
    examples: list[str] = []
    for value in list(dict.fromkeys(None if pd.isna(v) else v for v in values))[:MAX_EXAMPLES]:
        lines = _lines_of(frame, check, value)
        where = f" (line {', '.join(map(str, lines))})" if lines else ""
        examples.append(_show(value) + where)
    return examples


def _examples(frame: pd.DataFrame, check: Check, result: dict[str, Any]) -> list[str]:
    if check.kind == "columns":
        missing = result.get("details", {}).get("mismatched", {}).get("missing", [])
        return [f"missing {c}" for c in missing]
    return _value_examples(frame, check, result.get("partial_unexpected_list") or [])


def _exception_messages(exception_info: dict[str, Any] | None) -> list[str]:
    """GX gives one flat dict, or a dict of them keyed by metric, when a metric raised."""
    if not exception_info:
        return []
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    messages = [
        str(info.get("exception_message") or "").splitlines()[0][:200]
        for info in infos
        if isinstance(info, dict) and info.get("raised_exception")
    ]
    return [f"error: {m}" for m in dict.fromkeys(messages) if m != ""]


def _failure(frame: pd.DataFrame, check: Check, outcome: Any) -> FailedExpectation:
    result: dict[str, Any] = dict(outcome.result or {})
    return FailedExpectation(
        column=check.column,
        expectation=outcome.expectation_config.type,
        description=check.description,
        unexpected_count=result.get("unexpected_count"),
        unexpected_percent=result.get("unexpected_percent"),
        examples=(*_examples(frame, check, result), *_exception_messages(outcome.exception_info)),
    )


def _failures(
    frame: pd.DataFrame, checks: Sequence[Check], suite_result: Any
) -> list[FailedExpectation]:
    failures = []
    for outcome in suite_result.results:
        if not outcome.success:
            check = checks[int(outcome.expectation_config.meta["check"])]
            failures.append(_failure(frame, check, outcome))
    return failures


# --------------------------------------------------------------------------------------------
# Reading the landing database
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LandedFile:
    layout: Layout
    file_id: str
    relative_path: str
    rows: int
    superseded: bool = False  # the manifest marks another copy of the publication as current


def _qualified(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """catalog.landing.table: a file named landing.duckdb makes a bare `landing.` ambiguous."""
    row = con.execute("select current_database()").fetchone()
    catalog = str(row[0]) if row else "memory"
    return ".".join('"' + part.replace('"', '""') + '"' for part in (catalog, "landing", table))


def _landing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'landing' and table_catalog = current_database()"
    ).fetchall()
    return {r[0] for r in rows}


def _manifest(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict[str, tuple[str, bool]]:
    """file_id -> (relative_path, superseded). is_current is optional in the manifest."""
    if "file_manifest" not in tables:
        return {}
    manifest = _qualified(con, "file_manifest")
    columns = {r[0] for r in con.execute(f"describe {manifest}").fetchall()}
    superseded = "coalesce(not is_current, false)" if "is_current" in columns else "false"
    rows = con.execute(f"select file_id, relative_path, {superseded} from {manifest}").fetchall()
    return {str(file_id): (str(path), bool(old)) for file_id, path, old in rows}


def landed_files(con: duckdb.DuckDBPyConnection) -> list[LandedFile]:
    """Every (layout, file) with rows in its landing table, named by the manifest's path."""
    tables = _landing_tables(con)
    manifest = _manifest(con, tables)
    files: list[LandedFile] = []
    for layout in LAYOUTS:
        if layout.table not in tables:
            continue
        table = _qualified(con, layout.table)
        counts = con.execute(
            f"select file_id, count(*) from {table} group by file_id order by 1"
        ).fetchall()
        layout_files = []
        for file_id, rows in counts:
            path, superseded = manifest.get(
                str(file_id), (f"{file_id} (not in landing.file_manifest)", False)
            )
            layout_files.append(LandedFile(layout, str(file_id), path, int(rows), superseded))
        files.extend(sorted(layout_files, key=lambda f: f.relative_path))
    return files


def _read_file(con: duckdb.DuckDBPyConnection, landed: LandedFile) -> pd.DataFrame:
    table = _qualified(con, landed.layout.table)
    frame = con.execute(
        f"select * from {table} where file_id = ? order by line_number", [landed.file_id]
    ).df()
    return frame.drop(columns=["file_id"])


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def _validate_file(
    runner: _Runner, con: duckdb.DuckDBPyConnection, landed: LandedFile
) -> FileValidation:
    started = time.perf_counter()
    checks = checks_for(landed.layout, landed.relative_path)
    suite = _suite(runner, _suite_name(landed.layout, checks), checks)
    frame = _read_file(con, landed)
    batch = runner.batch_definition.get_batch(batch_parameters={"dataframe": frame})
    outcome = batch.validate(suite, result_format=RESULT_FORMAT)
    failures = _failures(frame, checks, outcome)
    return FileValidation(
        layout=landed.layout.name,
        table=landed.layout.table,
        file_id=landed.file_id,
        relative_path=landed.relative_path,
        rows=len(frame),
        expectations=len(checks),
        success=bool(outcome.success) and not failures,
        failures=failures,
        superseded=landed.superseded,
        seconds=time.perf_counter() - started,
    )


def _gx_version() -> str:
    import great_expectations as gx

    return str(gx.__version__)


def validate_landing(db_path: Path, report_path: Path) -> ValidationResult:
    """Validate every landed file of every layout; write the markdown report; return the result.

    The database is opened read-only, so this runs beside other readers (but not during a build,
    which holds the file's write lock).
    """
    started = time.perf_counter()
    with duckdb.connect(str(db_path), read_only=True) as con:
        files = landed_files(con)
        runner = _new_runner() if files else None
        validations = [_validate_file(runner, con, f) for f in files] if runner else []
    result = ValidationResult(
        db_path=str(db_path),
        files=validations,
        seconds=time.perf_counter() - started,
        gx_version=_gx_version(),
    )
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(result.to_markdown(), encoding="utf-8")
    return result


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m nti.gx_validate",
        description="Validate the landing tables with great-expectations; write a markdown report.",
    )
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file (opened read-only)")
    parser.add_argument("--report", type=Path, required=True, help="markdown report to write")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print one line per file; exit 1 if any suite failed, 2 if the database cannot be read."""
    args = _parse_args(argv)
    if not args.db.exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return 2
    try:
        result = validate_landing(args.db, args.report)
    except duckdb.Error as error:
        print(f"error: cannot read {args.db}: {error}", file=sys.stderr)
        return 2
    for line in result.summary_lines():
        print(line)
    print(f"report: {args.report}")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
