"""Value index on the real corpus (issue 6): SHMI banding reproduced, coverage, peers, landing."""

from __future__ import annotations

from pathlib import Path

import duckdb

VALUE_LAYOUTS = (
    "shmi_release", "shmi_annual", "trust_finances", "cqc_ratings", "trust_beds", "trust_staff",
    "trust_admissions", "nhs_providers", "rtt_annual", "ae_annual", "catchment_ltla", "imd_ltla",
    "imd_lsoa", "lsoa_ltla",
)


def query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_value_input_lands_and_reconciles(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select layout, count(*), bool_and(rows_read = rows_staged + rows_quarantined),
               sum(rows_rejected_at_landing)
        from marts.fct_load_manifest where status = 'loaded' group by layout
    """)
    by_layout = {layout: (files, ok, rejected) for layout, files, ok, rejected in rows}
    for layout in VALUE_LAYOUTS:
        _, ok, rejected = by_layout[layout]
        assert ok and rejected == 0, layout
    assert by_layout["shmi_release"][0] == 11


def test_shmi_banding_reproduces_every_published_release(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    ((releases, rows, agree, worst),) = query(db, """
        select count(distinct release_month), count(*), count(*) filter (where banding_agrees),
               max(max_limit_difference)
        from marts.fct_shmi_banding
    """)
    assert releases == 11 and rows == agree and rows > 1500
    assert worst <= 0.00005 + 1e-7  # the published limits are rounded to 4 decimals


def test_value_index_covers_120_trusts_2013_to_2017(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select fy_start_year, count(value_index) from marts.fct_value_index
        where fy_start_year between 2013 and 2017 group by 1
    """)
    assert len(rows) == 5 and all(scored >= 120 for _, scored in rows), rows
    ((peers,),) = query(db, "select count(distinct org_code) from marts.dim_trust_peers")
    assert peers >= 120


NEW_LAYOUTS = ("rtt_full_extract", "rtt_trust_series", "ae_monthly", "ae_provider_sheet",
               "rtt_provider_completed")


def test_rtt_zip_gzip_and_monthly_ae_land_and_reconcile(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    rows = query(db, """
        select layout, count(*), sum(rows_read), bool_and(rows_read = rows_staged
               + rows_quarantined), sum(rows_rejected_at_landing)
        from marts.fct_load_manifest where status = 'loaded' group by layout
    """)
    by_layout = {r[0]: r[1:] for r in rows}
    for layout in NEW_LAYOUTS:
        _, _, ok, rejected = by_layout[layout]
        assert ok and rejected == 0, layout
    assert by_layout["rtt_full_extract"][:2] == (1, 180_781)
    assert by_layout["rtt_trust_series"][:2] == (1, 302_153)
    assert by_layout["ae_provider_sheet"][0] == 55  # 54 xls 2015-2019 + the June 2025 xlsx
    assert by_layout["rtt_provider_completed"][:2] == (1, 3_600)
    ((sha, note),) = query(db, """
        select sha256, note from landing.file_manifest where file_format = 'csv.zip'
    """)
    assert len(sha) == 64 and "__MACOSX" in note


def test_rtt_full_extract_reproduces_the_checked_trust_total(real_warehouse: tuple[Path, str]
                                                             ) -> None:
    db, _ = real_warehouse
    # rtt/PROVENANCE.md: R0A incomplete pathways 168,774, within 18 weeks 106,261 (63.0%)
    ((total, within, share, by_tf),) = query(db, """
        select incomplete_pathways, within_18_weeks, share_within_18_weeks,
               pathways_by_treatment_function
        from intermediate.int_rtt_provider_months where provider_org_code = 'R0A'
    """)
    assert (total, within, by_tf, round(share, 3)) == (168_774, 106_261, 168_774, 0.630)


def test_a_month_held_twice_counts_once(real_warehouse: tuple[Path, str]) -> None:
    db, _ = real_warehouse
    ((months, xlsx_current),) = query(db, """
        select count(distinct period_start) filter (where layout like 'ae_%' and is_current
                                                   and layout <> 'ae_annual'),
               bool_or(is_current) filter (where file_format = 'xlsx' and layout =
                                           'ae_provider_sheet')
        from landing.file_manifest where status = 'loaded'
    """)
    assert months == 54 + 15 and xlsx_current is False
    ((dupes,),) = query(db, """
        select count(*) - count(distinct (org_code, month_start))
        from intermediate.int_ae_provider_months
    """)
    assert dupes == 0
