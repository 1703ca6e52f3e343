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


import datetime as dt  # noqa: E402  (value index block below is appended to this module)

# --------------------------------------------------------------------------------------------
# Value index inputs (issue 6): SHMI, trust finances, CQC, activity, RTT, A&E, catchments, IMD.
# --------------------------------------------------------------------------------------------

_SHMI_RELEASE_COLUMNS = (
    "indicator_code", "provider_code", "provider_name", "denominator", "observed", "expected",
    "shmi_value", "po_ll", "po_ul", "od_ll", "od_ul", "od_banding", "po_banding",
)

SHMI_RELEASE = Layout(
    name="shmi_release",
    family_pattern=r"^shmi-\d{4}-(january|april|july|october)\.csv$",
    table="shmi_release",
    columns=_SHMI_RELEASE_COLUMNS,
    variants=(
        # July 2012 onwards: PROVIDER_NAME.
        Variant(
            "underscore_name",
            ("indicator_code", "provider", "provider_name", "denominator", "observed",
             "expected", "value", "po_ll", "po_ul", "od_ll", "od_ul", "od_banding"),
        ),
        # January and April 2012: PROVIDER NAME.
        Variant(
            "space_name",
            ("indicator_code", "provider", "provider name", "denominator", "observed",
             "expected", "value", "po_ll", "po_ul", "od_ll", "od_ul", "od_banding"),
        ),
        # October 2011 (the first release): PROVIDER NAME and a Poisson banding column.
        Variant(
            "space_name_po_banding",
            ("indicator_code", "provider", "provider name", "denominator", "observed",
             "expected", "value", "po_ll", "po_ul", "po_banding", "od_ll", "od_ul",
             "od_banding"),
        ),
    ),
    description="SHMI official trust-level quarterly release (HSCIC Indicator Portal SHMI.csv)",
)

SHMI_ANNUAL = Layout(
    name="shmi_annual",
    # Found by content only: its file name (shmi.csv) is shared with a stacked copy of the
    # releases that is not read, so no file-name family is claimed.
    family_pattern=r"^$",
    table="shmi_annual",
    columns=("year", "org_code", "shmi_value"),
    variants=(Variant("miqdadasaria", ("year", "org_code", "shmi")),),
    description="Annual SHMI value per trust, financial-year label (hospital_management panel)",
)

TRUST_FINANCES = Layout(
    name="trust_finances",
    family_pattern=r"^financial_positions\.csv$",
    table="trust_finances",
    columns=("org_code", "year", "financial_position", "op_income", "op_cost"),
    variants=(
        Variant(
            "miqdadasaria",
            ("org_code", "year", "financial_position", "op_income", "op_cost"),
        ),
    ),
    description="Trust operating income, operating cost (negative) and surplus, GBP thousands",
)

CQC_RATINGS = Layout(
    name="cqc_ratings",
    family_pattern=r"^cqc_ratings\.csv$",
    table="cqc_ratings",
    columns=("org_code", "rating_date", "population", "question", "rating_score"),
    variants=(
        Variant("miqdadasaria", ("org_code", "date", "population", "question", "rating_score")),
    ),
    description="CQC ratings by provider, core service and key question (0-3), dated",
    ddmmyyyy_columns=("rating_date",),
)

TRUST_BEDS = Layout(
    name="trust_beds",
    family_pattern=r"^beds\.csv$",
    table="trust_beds",
    columns=("year", "org_code", "beds", "beds_occupied_percent"),
    variants=(
        Variant("miqdadasaria", ("year", "org_code", "beds", "beds_occupied_percent")),
    ),
    description="Available beds and occupancy per trust and year (KH03, per the panel author)",
)

TRUST_STAFF = Layout(
    name="trust_staff",
    family_pattern=r"^all_staff_simple_def\.csv$",
    table="trust_staff",
    columns=("org_code", "all_staff_fte", "year"),
    variants=(Variant("miqdadasaria", ("org_code", "simple_all_staff_fte", "year")),),
    description="All staff FTE per trust and year (NHS workforce statistics, per the panel)",
)

TRUST_ADMISSIONS = Layout(
    name="trust_admissions",
    family_pattern=r"^inpatient_data\.csv$",
    table="trust_admissions",
    columns=(
        "year", "org_code", "total_episodes", "admissions", "male_admissions",
        "female_admissions", "age_0_14", "age_15_29", "age_30_44", "age_45_59", "age_60_74",
        "age_75_89", "age_90_plus",
    ),
    variants=(
        Variant(
            "miqdadasaria",
            ("year", "org_code", "total_episodes", "admissions", "male_admissions",
             "female_admissions", "0-14", "15-29", "30-44", "45-59", "60-74", "75-89", "90+"),
        ),
    ),
    description="HES inpatient episodes and admissions per provider and year, by age band",
)

NHS_PROVIDERS = Layout(
    name="nhs_providers",
    family_pattern=r"^nhs_provider\.csv$",
    table="nhs_providers",
    columns=("org_code", "org_name", "org_type", "hee_region_code", "specialist"),
    variants=(
        Variant(
            "miqdadasaria",
            ("org_code", "org_name", "org_type", "hee_region_code", "specialist"),
        ),
    ),
    description="Provider list c. 2018: organisation type, HEE region, specialist flag",
)

RTT_ANNUAL = Layout(
    name="rtt_annual",
    family_pattern=r"^rtt\.csv$",
    table="rtt_annual",
    columns=("snapshot_date", "year", "org_code", "n_total", "n_18_weeks", "rtt_score"),
    variants=(
        Variant(
            "miqdadasaria",
            ("date", "year", "org_code", "n_total", "n_18_weeks", "rtt_score"),
        ),
    ),
    description="RTT incomplete pathways within 18 weeks at 31 March, per trust and year",
    ddmmyyyy_columns=("snapshot_date",),
)

AE_ANNUAL = Layout(
    name="ae_annual",
    family_pattern=r"^ae\.csv$",
    table="ae_annual",
    columns=("year", "org_code", "ae_score"),
    variants=(Variant("miqdadasaria", ("year", "org_code", "ae_score")),),
    description="A&E share of attendances within 4 hours per trust and year (2 decimals)",
)

CATCHMENT_LTLA = Layout(
    name="catchment_ltla",
    family_pattern=r"^lookup_nhs_trusts22_ltla21\.csv$",
    table="catchment_ltla",
    columns=("trust_code", "ltla21_code", "proportion"),
    variants=(
        Variant(
            "geographr",
            ("nhs_trust22_code", "ltla21_code", "proportion_trust_came_from_ltla"),
        ),
    ),
    description="OHID acute trust catchments: share of a trust's patients from each LTLA",
)

_IMD_DOMAINS = (
    "income", "employment", "education", "health", "crime", "housing_and_access", "environment",
)

IMD_LTLA = Layout(
    name="imd_ltla",
    family_pattern=r"^imd2019_england_ltla22\.csv$",
    table="imd_ltla",
    columns=(
        "ltla22_code", "score", "proportion", "extent",
        *(f"{d}_{m}" for d in _IMD_DOMAINS for m in ("score", "proportion", "extent")),
    ),
    variants=(
        Variant(
            "humaniverse",
            ("ltla22_code", "score", "proportion", "extent",
             *(f"{d}_{m}" for d in _IMD_DOMAINS for m in ("score", "proportion", "extent"))),
        ),
    ),
    description="IMD 2019 local authority summaries (population-weighted score), LAD 2022",
)

IMD_LSOA = Layout(
    name="imd_lsoa",
    family_pattern=r"^imd2019_index_of_multiple_deprivation\.csv$",
    table="imd_lsoa",
    columns=("lsoa11_code", "lsoa11_name", "district_name", "imd_rank", "imd_decile"),
    variants=(
        Variant(
            "queendaline25",
            ("lsoa code", "lsoa name", "district code", "imd_rank", "imd_decile"),
        ),
    ),
    description="IMD 2019 rank and decile per LSOA 2011 (1 = most deprived 10%)",
)

LSOA_LTLA = Layout(
    name="lsoa_ltla",
    family_pattern=r"^lookup_lsoa11_ltla21\.csv$",
    table="lsoa_ltla",
    columns=("lsoa11_name", "lsoa11_code", "ltla21_name", "ltla21_code"),
    variants=(
        Variant("geographr", ("lsoa11_name", "lsoa11_code", "ltla21_name", "ltla21_code")),
    ),
    description="LSOA 2011 -> lower-tier local authority 2021 (ONS Open Geography Portal)",
)

VALUE_LAYOUTS: tuple[Layout, ...] = (
    SHMI_RELEASE,
    SHMI_ANNUAL,
    TRUST_FINANCES,
    CQC_RATINGS,
    TRUST_BEDS,
    TRUST_STAFF,
    TRUST_ADMISSIONS,
    NHS_PROVIDERS,
    RTT_ANNUAL,
    AE_ANNUAL,
    CATCHMENT_LTLA,
    IMD_LTLA,
    IMD_LSOA,
    LSOA_LTLA,
)

LAYOUTS = LAYOUTS + VALUE_LAYOUTS
LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}

# Variants whose fields are not in the layout's column order: for each layout column, the
# position of its field in the file (-1 = not in this variant, landed as null).
FIELD_POSITIONS: dict[tuple[str, str], tuple[int, ...]] = {
    ("shmi_release", "space_name_po_banding"): (0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 9),
}

_RELEASE_MONTHS = {"january": 1, "april": 4, "july": 7, "october": 10}
_SNAPSHOT_LAYOUTS = frozenset({
    "catchment_ltla", "imd_ltla", "imd_lsoa", "lsoa_ltla", "nhs_providers",
})
_PANEL_LAYOUTS = frozenset({
    "shmi_annual", "trust_finances", "cqc_ratings", "trust_beds", "trust_staff",
    "trust_admissions", "rtt_annual", "ae_annual",
})


def in_layout_order(layout: Layout, variant: Variant, fields: list[str]) -> list[str]:
    """A record's fields in the layout's column order (most variants are already)."""
    positions = FIELD_POSITIONS.get((layout.name, variant.name))
    if positions is None:
        return fields
    return [fields[p] if 0 <= p < len(fields) else "" for p in positions]


FilePeriod = tuple["dt.date | None", "dt.date | None", str]


def file_period(layout: Layout, file_name: str) -> FilePeriod | None:
    """(start, end, grain) for layouts whose period is not in dd/mm/yyyy period columns.

    SHMI releases: the publication month from the file name (grain `release`). Multi-year panels
    hold many years in one file (grain `panel`, no single period). Reference lookups: `snapshot`.
    None for every other layout (their period comes from their rows).
    """
    if layout.name == "shmi_release":
        match = re.search(r"shmi-(\d{4})-([a-z]+)\.csv$", file_name.lower())
        if match and match.group(2) in _RELEASE_MONTHS:
            start = dt.date(int(match.group(1)), _RELEASE_MONTHS[match.group(2)], 1)
            end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return start, end - dt.timedelta(days=1), "release"
        return None, None, "release"
    if layout.name == "eric":
        return eric_period(file_name) or (None, None, "year")
    if layout.name in _PANEL_LAYOUTS:
        return None, None, "panel"
    if layout.name in _SNAPSHOT_LAYOUTS:
        return None, None, "snapshot"
    return None


ERIC = Layout(
    name="eric",
    family_pattern=r"^eric-\d{4}-\d{2}\.csv$",
    table="eric",
    # Only the organisation columns are landed; the estates columns (115-194 of them, varying by
    # year) follow and are not read.
    columns=("organisation_code", "organisation_name", "commissioning_region", "organisation_type"),
    variants=(
        Variant(
            "dollar_delimited",
            ("organisation code", "organisation name", "commissioning region",
             "organisation type"),
            allow_blank_trailing=True,
        ),
    ),
    description="ERIC (Estates Returns Information Collection) trust profile: organisation type",
)

LAYOUTS = (*LAYOUTS, ERIC)
LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}

# CSV dialects other than the comma with the header on line 1: (delimiter, title lines before
# the header). ERIC files are `$`-delimited with a section-heading row above the header.
CSV_DIALECTS: dict[str, tuple[str, int]] = {"eric": ("$", 1)}


def csv_dialect(layout_name: str | None) -> tuple[str, int]:
    """(delimiter, title lines to skip) of a layout's CSV files."""
    return CSV_DIALECTS.get(layout_name or "", (",", 0))


def eric_period(file_name: str) -> FilePeriod | None:
    """ERIC-2016-17.csv -> the financial year 2016/17."""
    match = re.search(r"eric-(\d{4})-(\d{2})\.csv$", file_name.lower())
    if not match:
        return None
    year = int(match.group(1))
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31), "year"


# --------------------------------------------------------------------------------------------
# Issue 6, second part: RTT full extract (zip), RTT trust series (gzip), monthly A&E (CSV and the
# provider xls/xlsx with title rows above the header).
# --------------------------------------------------------------------------------------------

_RTT_BANDS = (*(f"gt_{w:02d}_to_{w + 1:02d}_weeks" for w in range(104)), "gt_104_weeks")
_RTT_BAND_HEADERS = (
    *(f"gt {w:02d} to {w + 1:02d} weeks sum 1" for w in range(104)), "gt 104 weeks sum 1",
)
_RTT_KEY_COLUMNS = (
    "period", "provider_parent_org_code", "provider_parent_name", "provider_org_code",
    "provider_org_name", "commissioner_parent_org_code", "commissioner_parent_name",
    "commissioner_org_code", "commissioner_org_name", "rtt_part_type", "rtt_part_description",
    "treatment_function_code", "treatment_function_name",
)

RTT_FULL_EXTRACT = Layout(
    name="rtt_full_extract",
    # The publisher's name: 20260430-RTT-April-2026-full-extract.csv(.zip); revised re-issues
    # add -revised. Read from the zip (one CSV member) or as the unzipped CSV.
    family_pattern=r"^\d{8}-rtt-[a-z]+-\d{4}-full-extract(-revised)?\.csv(\.zip)?$",
    table="rtt_full_extract",
    columns=(*_RTT_KEY_COLUMNS, *_RTT_BANDS, "total", "patients_with_unknown_clock_start_date",
             "total_all"),
    variants=(
        Variant(
            "full_csv_2024_onwards",
            (*(c.replace("_", " ") for c in _RTT_KEY_COLUMNS), *_RTT_BAND_HEADERS, "total",
             "patients with unknown clock start date", "total all"),
        ),
    ),
    description="RTT Full CSV extract: provider x commissioner x RTT part x treatment function, "
                "weekly wait bands 0-104+ (NHS England, monthly)",
    period_columns=("period",),
)

RTT_TRUST_SERIES = Layout(
    name="rtt_trust_series",
    family_pattern=r"^england_rtt_trust\.csv(\.gz)?$",
    table="rtt_trust_series",
    columns=("trust_code", "trust_name", "month_date", "year", "month_name", "treatment",
             "waits_over_18_weeks", "waits_over_52_weeks"),
    variants=(
        Variant(
            "healthyr",
            ("nhs_trust22_code", "nhs_trust22_name", "date", "year", "month", "treatment",
             "waits_over_18_weeks", "waits_over_52_weeks"),
        ),
    ),
    description="Trust x treatment x month incomplete pathways over 18 and 52 weeks, Jan 2019 - "
                "Feb 2025 (derived from the RTT full CSVs by humaniverse/healthyr; gzip)",
)

_AE_MONTHLY_HEADER = (
    "period", "org code", "parent org", "org name", "a&e attendances type 1",
    "a&e attendances type 2", "a&e attendances other a&e department",
    "a&e attendances booked appointments type 1", "a&e attendances booked appointments type 2",
    "a&e attendances booked appointments other department", "attendances over 4hrs type 1",
    "attendances over 4hrs type 2", "attendances over 4hrs other department",
    "attendances over 4hrs booked appointments type 1",
    "attendances over 4hrs booked appointments type 2",
    "attendances over 4hrs booked appointments other department",
    "patients who have waited 4-12 hs from dta to admission",
    "patients who have waited 12+ hrs from dta to admission",
    "emergency admissions via a&e - type 1", "emergency admissions via a&e - type 2",
    "emergency admissions via a&e - other a&e department", "other emergency admissions",
)

AE_MONTHLY = Layout(
    name="ae_monthly",
    family_pattern=r"^monthly-ae-[a-z]+-\d{4}",
    table="ae_monthly",
    columns=(
        "period", "org_code", "parent_org", "org_name", "att_type1", "att_type2", "att_other",
        "att_booked_type1", "att_booked_type2", "att_booked_other", "over4_type1", "over4_type2",
        "over4_other", "over4_booked_type1", "over4_booked_type2", "over4_booked_other",
        "dta_4_to_12_hours", "dta_over_12_hours", "ea_via_ae_type1", "ea_via_ae_type2",
        "ea_via_ae_other", "ea_other",
    ),
    variants=(
        # April 2024 onwards: booked appointments in their own columns, one TOTAL row at the end.
        Variant("msitae_2024", _AE_MONTHLY_HEADER),
        # September 2024 as published: 5 blank header cells and an `a` after the 22 columns
        # (their cells are empty on every row).
        Variant("msitae_2024_trailing_columns", _AE_MONTHLY_HEADER, allow_blank_trailing=True),
    ),
    description="Monthly A&E attendances and emergency admissions by provider (NHS England "
                "'Monthly A&E' CSV, April 2024 onwards)",
    period_columns=("period",),
)

_AE_SHEET_LEAD = ("", "code", "region", "name", "type 1 departments - major a&e",
                  "type 2 departments - single specialty",
                  "type 3 departments - other a&e/minor injury unit", "total attendances")
_AE_TYPES = ("type 1 departments - major a&e", "type 2 departments - single specialty",
             "type 3 departments - other a&e/minor injury unit")
_AE_ADMISSIONS = (
    "emergency admissions via type 1 a&e", "emergency admissions via type 2 a&e",
    "emergency admissions via type 3 and 4 a&e", "total emergency admissions via a&e",
    "other emergency admissions (i.e not via a&e)", "total emergency admissions",
    "number of patients spending >4 hours from decision to admit to admission",
    "number of patients spending >12 hours from decision to admit to admission",
)

AE_PROVIDER_SHEET = Layout(
    name="ae_provider_sheet",
    # The repository's names (15-jul.xls) and the publisher's (June-2025-AE-by-provider-x.xlsx).
    family_pattern=r"^(\d{2}-[a-z]{3}\.xls|.*ae-by-provider.*\.xlsx?)$",
    table="ae_provider_sheet",
    columns=(
        "org_code", "region", "org_name", "att_type1", "att_type2", "att_type3", "att_total",
        "within4_type1", "within4_type2", "within4_type3", "within4_total", "over4_type1",
        "over4_type2", "over4_type3", "over4_total", "pct_within4_all", "pct_within4_type1",
        "pct_within4_type2", "pct_within4_type3", "ea_via_ae_type1", "ea_via_ae_type2",
        "ea_via_ae_type3", "ea_via_ae_total", "ea_other", "ea_total", "dta_over_4_hours",
        "dta_over_12_hours",
    ),
    variants=(
        # July 2015 - March 2017 (Unify2): attendances and over 4 hours; % type 1 then % all.
        Variant(
            "unify2_2015",
            (*_AE_SHEET_LEAD, *_AE_TYPES, "total attendances > 4 hours",
             "percentage in 4 hours or less (type 1)", "percentage in 4 hours or less (all)",
             *_AE_ADMISSIONS),
            allow_blank_trailing=True,
        ),
        # April 2017 - March 2018: adds attendances within 4 hours.
        Variant(
            "unify2_2017",
            (*_AE_SHEET_LEAD, *_AE_TYPES, "total attendances < 4 hours", *_AE_TYPES,
             "total attendances > 4 hours", "percentage in 4 hours or less (type 1)",
             "percentage in 4 hours or less (all)", *_AE_ADMISSIONS),
            allow_blank_trailing=True,
        ),
        # April 2018 onwards (SDCS; also the June 2025 xlsx): % all first, then by type.
        Variant(
            "sdcs_2018",
            (*_AE_SHEET_LEAD, *_AE_TYPES, "total attendances < 4 hours", *_AE_TYPES,
             "total attendances > 4 hours", "percentage in 4 hours or less (all)",
             "percentage in 4 hours or less (type 1)", "percentage in 4 hours or less (type 2)",
             "percentage in 4 hours or less (type 3)", *_AE_ADMISSIONS),
            allow_blank_trailing=True,
        ),
    ),
    description="Monthly A&E provider workbook (xls/xlsx), sheet 'A&E Data' or 'Provider Level "
                "Data', about 15 title rows above the header; July 2015 onwards",
)

NEW_LAYOUTS_ISSUE6: tuple[Layout, ...] = (
    RTT_FULL_EXTRACT, RTT_TRUST_SERIES, AE_MONTHLY, AE_PROVIDER_SHEET,
)
LAYOUTS = (*LAYOUTS, *NEW_LAYOUTS_ISSUE6)
LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}

# Field 0 is the empty column A of the sheet. The unlabelled column after the last header cell
# (STP / ICB name in some months) is not landed.
_AE_2015 = (1, 2, 3, 4, 5, 6, 7, -1, -1, -1, -1, 8, 9, 10, 11, 13, 12, -1, -1,
            14, 15, 16, 17, 18, 19, 20, 21)
_AE_2017 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 16, -1, -1,
            18, 19, 20, 21, 22, 23, 24, 25)
FIELD_POSITIONS[("ae_provider_sheet", "unify2_2015")] = _AE_2015
FIELD_POSITIONS[("ae_provider_sheet", "unify2_2017")] = _AE_2017
FIELD_POSITIONS[("ae_provider_sheet", "sdcs_2018")] = tuple(range(1, 28))

# Workbooks with a title block: the header is searched in the first N rows of each sheet.
HEADER_SEARCH_ROWS: dict[str, int] = {"ae_provider_sheet": 40}
# Archives: the name of the one member to read (regex on the lower-cased member base name).
ARCHIVE_MEMBERS: dict[str, str] = {
    "rtt_full_extract": r"^\d{8}-rtt-[a-z]+-\d{4}-full-extract(-revised)?\.csv$",
}
# Layouts that describe one publication series: a month published as a CSV and as an xlsx is
# one publication (same key), so supersession keeps one of them current.
PUBLICATION_FAMILIES: dict[str, str] = {"ae_monthly": "ae_monthly", "ae_provider_sheet":
                                        "ae_monthly"}
_PANEL_LAYOUTS = _PANEL_LAYOUTS | {"rtt_trust_series"}

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH_YEAR = re.compile(r"(january|february|march|april|may|june|july|august|september|"
                         r"october|november|december)[\s_-]*(\d{4})")


def month_period(text: str | None) -> FilePeriod | None:
    """'MSitAE-APRIL-2024', 'RTT-April-2026', 'July 2015' -> that calendar month."""
    match = _MONTH_YEAR.search((text or "").lower())
    if not match:
        return None
    start = dt.date(int(match.group(2)), _MONTHS[match.group(1)], 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end, "month"


def row_period(layout: Layout, row: dict[str, str | None], title_period: str = ""
               ) -> FilePeriod | None:
    """The month of a monthly A&E / RTT file from its first row (or its title block); a
    month that cannot be read gives (None, None, "month"): staging quarantines the rows."""
    if layout.name in ("ae_monthly", "rtt_full_extract"):
        return month_period(row.get("period")) or (None, None, "month")
    if layout.name in ("ae_provider_sheet", "rtt_provider_completed"):
        return month_period(title_period) or (None, None, "month")
    return None


RTT_PROVIDER_COMPLETED = Layout(
    name="rtt_provider_completed",
    # NHS England's provider-level completed-pathway workbooks, e.g.
    # NonAdmitted-Provider-Sep25-XLSX-4M-87700.xlsx / Admitted-Provider-Sep25-XLSX-....xlsx
    family_pattern=r"^(non)?admitted-provider-[a-z]{3}\d{2}-xlsx.*\.xlsx$",
    table="rtt_provider_completed",
    columns=(
        "region_code", "provider_code", "provider_name", "treatment_function_code",
        "treatment_function", *_RTT_BANDS, "unknown_clock_start", "total_all",
        "total_known_clock_start", "median_weeks", "p95_weeks", "total_52_plus_weeks",
        "total_78_plus_weeks", "total_65_plus_weeks",
    ),
    variants=(
        Variant(
            "provider_2025",
            ("", "region code", "provider code", "provider name", "treatment function code",
             "treatment function", *(f">{w}-{w + 1}" for w in range(104)), "104 plus",
             "patients with unknown clock start date", "total number of completed pathways (all)",
             "total number of completed pathways (with a known clock start)",
             "average (median) waiting time (in weeks)",
             "95th percentile waiting time (in weeks)", "total 52 plus weeks",
             "total 78 plus weeks", "total 65 plus weeks"),
            allow_blank_trailing=True,
        ),
    ),
    description="RTT completed pathways (admitted or non-admitted) by provider and treatment "
                "function, weekly bands, sheet 'Provider' below a title block (NHS England xlsx)",
)

LAYOUTS = (*LAYOUTS, RTT_PROVIDER_COMPLETED)
LAYOUTS_BY_NAME = {layout.name: layout for layout in LAYOUTS}
FIELD_POSITIONS[("rtt_provider_completed", "provider_2025")] = tuple(range(1, 119))
HEADER_SEARCH_ROWS["rtt_provider_completed"] = 40
# Publication series told apart by the file name (two series of one layout share a period).
SERIES_BY_NAME: dict[str, tuple[tuple[str, str], ...]] = {
    "rtt_provider_completed": (("^nonadmitted", "non_admitted"), ("^admitted", "admitted")),
}


def series_from_name(layout_name: str, file_name: str) -> str:
    for pattern, series in SERIES_BY_NAME.get(layout_name, ()):
        if re.search(pattern, file_name.lower()):
            return series
    return ""
