"""The raw layouts the warehouse knows, and how a file is matched to one.

A layout is a published file format (MSDS exp-data, ODS etr, ...). A layout can come in several
*variants* (a header spelt differently, a headerless form); every variant lands in the same
all-text landing table with the layout's canonical column names, so staging sees one shape.

A file belongs to a layout *family* when its name matches the family's name pattern; its header
must then match one of the family's variants, or the build stops naming the file and the variants
it was compared with. A file whose name matches no family is still tried against every variant by
header (content-based discovery); if nothing matches it is recorded in the manifest as not in scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    """One header form of a layout."""

    name: str
    # Normalised header (lower-case, BOM and spaces stripped). Empty for headerless files.
    header: tuple[str, ...]
    # Headerless files: number of fields per record, and a regex the first field must match.
    headerless_width: int = 0
    first_field_pattern: str = ""
    # Extra trailing header cells that may be present and are ignored (blank names).
    allow_blank_trailing: bool = False


@dataclass(frozen=True)
class Layout:
    """A published file format and the landing table it lands in."""

    name: str
    family_pattern: str  # regex on the lower-cased file name
    table: str  # landing table name (schema `landing`)
    columns: tuple[str, ...]  # canonical landing column names, in file order
    variants: tuple[Variant, ...]
    description: str
    # Columns that carry the period, used to derive the publication period.
    period_columns: tuple[str, ...] = field(default_factory=tuple)
    # Date columns written dd/mm/yyyy in the publication (xlsx copies may hold damaged dates).
    ddmmyyyy_columns: tuple[str, ...] = field(default_factory=tuple)


def _norm(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().lstrip("\ufeff").strip().lower() for c in cells)


MSDS_EXP_DATA = Layout(
    name="msds_exp_data",
    family_pattern=r"^msds-[a-z]{3}\d{4}(provisional)?-exp-data",
    table="msds_exp_data",
    columns=(
        "reporting_period_start_date",
        "reporting_period_end_date",
        "dimension",
        "org_level",
        "org_code",
        "org_name",
        "measure",
        "count_of",
        "final_value",
    ),
    variants=(
        Variant(
            "2023_onwards",
            _norm(
                (
                    "ReportingPeriodStartDate",
                    "ReportingPeriodEndDate",
                    "Dimension",
                    "Org_Level",
                    "Org_Code",
                    "Org_Name",
                    "Measure",
                    "Count_Of",
                    "Final_value",
                )
            ),
        ),
    ),
    description="MSDS monthly exp-data: counts per dimension category, every org level",
    period_columns=("reporting_period_start_date", "reporting_period_end_date"),
    ddmmyyyy_columns=("reporting_period_start_date", "reporting_period_end_date"),
)

MSDS_EXP_MEASURES = Layout(
    name="msds_exp_measures",
    family_pattern=r"^msds-[a-z]{3}\d{4}(provisional)?-exp-measures",
    table="msds_exp_measures",
    columns=(
        "org_code",
        "org_name",
        "org_level",
        "rp_start_date",
        "rp_end_date",
        "indicator_family",
        "indicator",
        "currency",
        "value",
    ),
    variants=(
        Variant(
            "2023_onwards",
            _norm(
                (
                    "Org_Code",
                    "Org_Name",
                    "Org_Level",
                    "RPStartDate",
                    "RPEndDate",
                    "IndicatorFamily",
                    "Indicator",
                    "Currency",
                    "Value",
                )
            ),
        ),
    ),
    description="MSDS monthly exp-measures: CQIMs, CQIM DQ, SBL, continuity of carer, birth, BMI",
    period_columns=("rp_start_date", "rp_end_date"),
    ddmmyyyy_columns=("rp_start_date", "rp_end_date"),
)

MSDS_EXP_DQ = Layout(
    name="msds_exp_dq",
    family_pattern=r"^msds-[a-z]{3}\d{4}(provisional)?-exp-dq",
    table="msds_exp_dq",
    columns=(
        "reporting_period_start_date",
        "reporting_period_end_date",
        "org_code",
        "data_table",
        "uid",
        "data_item",
        "valid",
        "default_count",
        "invalid",
        "missing",
        "denominator",
    ),
    variants=(
        Variant(
            "2023_onwards",
            _norm(
                (
                    "ReportingPeriodStartDate",
                    "ReportingPeriodEndDate",
                    "Org_Code",
                    "DataTable",
                    "UID",
                    "DataItem",
                    "Valid",
                    "Default",
                    "Invalid",
                    "Missing",
                    "Denominator",
                )
            ),
        ),
    ),
    description="MSDS monthly exp-dq: data-item validity and completeness per provider",
    period_columns=("reporting_period_start_date", "reporting_period_end_date"),
    ddmmyyyy_columns=("reporting_period_start_date", "reporting_period_end_date"),
)

_ANNUAL_COLUMNS = (
    "period",
    "dimension",
    "org_level",
    "org_code",
    "org_name",
    "measure",
    "count_of",
    "value",
)

MSDS_ANNUAL = Layout(
    name="msds_annual",
    family_pattern=r"^hosp-epis-stat-mat-(msdscsv|dqanlys)",
    table="msds_annual",
    columns=_ANNUAL_COLUMNS,
    variants=(
        # 2020-21 onwards: Measure; org levels National / NHS England (Region) / Provider.
        Variant(
            "measure",
            ("period", "dimension", "org_level", "org_code", "org_name", "measure", "count_of",
             "value"),
        ),
        # 2019-20 (lower-case header) and the 2017-18 DQ flat file: Measure1; org levels
        # PROVIDER / REGION / ALL SUBMITTERS (2019-20) or Provider / Region / All Submitters.
        Variant(
            "measure1",
            ("period", "dimension", "org_level", "org_code", "org_name", "measure1", "count_of",
             "value"),
            allow_blank_trailing=True,
        ),
    ),
    description="NHS Maternity Statistics annual provider file (and the 2017-18 DQ flat file)",
    period_columns=("period",),
)

MBRRACE_PERINATAL = Layout(
    name="mbrrace_perinatal",
    family_pattern=r"^perinatal-mortality-rates",
    table="mbrrace_perinatal",
    columns=(
        "report_year", "organisation_code", "organisation_name", "country_name", "region_name",
        "stp_name", "icb_name", "neonatal_network_name", "longitude", "latitude",
        "total_births", "total_stillbirths", "crude_stillbirth_rate",
        "crude_stillbirth_category_id", "crude_stillbirth_category_name",
        "stabilised_stillbirth_rate", "stabilised_stillbirth_category_id",
        "stabilised_stillbirth_category_name", "stabilised_stillbirth_ci",
        "total_live_births", "total_neonatal_deaths", "crude_neonatal_death_rate",
        "crude_neonatal_death_category_id", "crude_neonatal_death_category_name",
        "stabilised_neonatal_death_rate", "stabilised_neonatal_death_category_id",
        "stabilised_neonatal_death_category_name", "stabilised_neonatal_death_ci",
        "total_perinatal_deaths", "crude_perinatal_death_rate",
        "crude_perinatal_death_category_id", "crude_perinatal_death_category_name",
        "stabilised_perinatal_death_rate", "stabilised_perinatal_death_category_id",
        "stabilised_perinatal_death_category_name", "stabilised_perinatal_death_ci",
        "comparator_group_id", "comparator_group_name", "group_average_stillbirth_rate",
        "group_average_neonatal_death_rate", "group_average_perinatal_death_rate",
    ),
    variants=(
        Variant(
            "2023_onwards",
            _norm(
                (
                    "ReportYear", "OrganisationCode", "OrganisationName", "CountryName",
                    "RegionName", "SustainabilityAndTransformationPartnershipName",
                    "IntegratedCareBoardName", "NeonatalNetworkName", "Longitude", "Latitude",
                    "TotalBirths", "TotalStillbirths", "CrudeStillbirthRate",
                    "CrudeStillbirthCategoryID", "CrudeStillbirthCategoryName",
                    "StabilisedStillbirthRate", "StabilisedStillbirthCategoryID",
                    "StabilisedStillbirthCategoryName", "StabilisedStillbirthCI",
                    "TotalLiveBirths", "TotalNeonatalDeaths", "CrudeNeonatalDeathRate",
                    "CrudeNeonatalDeathCategoryID", "CrudeNeonatalDeathCategoryName",
                    "StabilisedNeonatalDeathRate", "StabilisedNeonatalDeathCategoryID",
                    "StabilisedNeonatalDeathCategoryName", "StabilisedNeonatalDeathCI",
                    "TotalPerinatalDeaths", "CrudePerinatalDeathRate",
                    "CrudePerinatalDeathCategoryID", "CrudePerinatalDeathCategoryName",
                    "StabilisedPerinatalDeathRate", "StabilisedPerinatalDeathCategoryID",
                    "StabilisedPerinatalDeathCategoryName", "StabilisedPerinatalDeathCI",
                    "ComparatorGroupID", "ComparatorGroupName", "GroupAverageStillbirthRate",
                    "GroupAverageNeonatalDeathRate", "GroupAveragePerinatalDeathRate",
                )
            ),
            allow_blank_trailing=True,
        ),
    ),
    description="MBRRACE-UK perinatal mortality by trust (MBRRACE ids, not ODS codes)",
    period_columns=("report_year",),
)

ODS_ETR = Layout(
    name="ods_etr",
    family_pattern=r"^etr(_\d{4})?\.csv$",
    table="ods_etr",
    columns=(
        "organisation_code", "name", "national_grouping", "high_level_health_geography",
        "address_1", "address_2", "address_3", "address_4", "address_5", "postcode",
        "open_date", "close_date", "null_12", "null_13", "null_14", "null_15", "null_16",
        "contact_telephone_number", "null_18", "null_19", "null_20",
        "amended_record_indicator", "null_22", "gor_code", "null_24", "null_25", "null_26",
    ),
    variants=(
        Variant("ods_headerless", (), headerless_width=27, first_field_pattern=r"^[A-Z0-9]{3,5}$"),
        # The Health Foundation's copies add a header row and drop the trailing empty fields.
        Variant(
            "thf_with_header",
            ("organisation_code", "name", "national_grouping", "high_level_health_geography"),
            allow_blank_trailing=True,
        ),
    ),
    description="ODS etr: NHS trusts with region (Y-code), ICB (Q-code), open and close dates",
)

ODS_SUCC = Layout(
    name="ods_succ",
    family_pattern=r"^succ\.csv$",
    table="ods_succ",
    columns=(
        "organisation_code",
        "successor_organisation_code",
        "succession_reason",
        "effective_date",
        "succession_indicator",
    ),
    variants=(
        Variant("ods_headerless", (), headerless_width=5, first_field_pattern=r"^[A-Z0-9]{3,6}$"),
    ),
    description="ODS succ: predecessor -> successor organisation with effective date",
)

TRUST_ICB_LOOKUP = Layout(
    name="trust_icb_lookup",
    family_pattern=r"^trust_urls\.csv$",
    table="trust_icb_lookup",
    columns=(
        "ods_code", "name", "alt_names", "type", "region", "ics", "correspondent", "url",
        "access_notes", "needs_playwright", "pack_pattern_hints", "exclude_patterns",
        "last_validated", "validation_status", "validation_notes", "predecessor_codes",
        "merger_date", "retrieval_route", "group_board", "group_board_url",
    ),
    variants=(
        Variant(
            "davewest84_2026",
            (
                "ods_code", "name", "alt_names", "type", "region", "ics", "correspondent", "url",
                "access_notes", "needs_playwright", "pack_pattern_hints", "exclude_patterns",
                "last_validated", "validation_status", "validation_notes", "predecessor_codes",
                "merger_date", "retrieval_route", "group_board", "group_board_url",
            ),
        ),
    ),
    description="Trust -> ICS/region/trust type register with 2024-26 mergers (CC0, compiled)",
)

LAYOUTS: tuple[Layout, ...] = (
    MSDS_EXP_DATA,
    MSDS_EXP_MEASURES,
    MSDS_EXP_DQ,
    MSDS_ANNUAL,
    MBRRACE_PERINATAL,
    ODS_ETR,
    ODS_SUCC,
    TRUST_ICB_LOOKUP,
)

LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}


def normalise_header(cells: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case, strip spaces and a UTF-8 byte-order mark from each header cell."""
    return _norm(tuple("" if c is None else str(c) for c in cells))


def variant_matches(variant: Variant, first_row: list[str]) -> bool:
    """True when a file's first row fits this variant (header or headerless record)."""
    if not variant.header:
        return len(first_row) == variant.headerless_width and bool(
            re.match(variant.first_field_pattern, first_row[0].lstrip("\ufeff").strip())
        )
    header = normalise_header(first_row)
    if variant.allow_blank_trailing:
        while header and header[-1] == "":
            header = header[:-1]
        return header[: len(variant.header)] == variant.header
    return header == variant.header


def family_of(file_name: str) -> Layout | None:
    """The layout whose file-name pattern this file name matches, if any."""
    lowered = file_name.lower()
    for layout in LAYOUTS:
        if re.search(layout.family_pattern, lowered):
            return layout
    return None


def match_variant(layout: Layout, first_row: list[str]) -> Variant | None:
    for variant in layout.variants:
        if variant_matches(variant, first_row):
            return variant
    return None


def detect_by_content(first_row: list[str]) -> tuple[Layout, Variant] | None:
    """Match a first row against every layout's variants that carry a real header."""
    for layout in LAYOUTS:
        for variant in layout.variants:
            if variant.header and variant_matches(variant, first_row):
                return layout, variant
    return None
