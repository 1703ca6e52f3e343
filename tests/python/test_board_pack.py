"""Board pack: built from a small synthetic warehouse, checked in the HTML and in headless
Chromium (screenshot saved to the test's tmp dir and to target/board_pack_screenshot.png)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from nti import board_pack
from nti import svg_charts as charts

PROJECT = Path(__file__).resolve().parents[2]
NO_CHROMIUM = "chromium is not installed (apt-get install chromium); browser checks skipped"


def _top_trust(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("""
            select org_code, composite_score, risk_band, risk_rank, period_label
            from marts.fct_maternity_index
            where index_grain = 'month' and risk_rank is not null
            order by period_start desc, risk_rank limit 1""")
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
    finally:
        con.close()


@pytest.fixture(scope="module")
def pack(synthetic_warehouse, tmp_path_factory) -> tuple[Path, dict[str, object]]:
    db = synthetic_warehouse[0]
    trust = _top_trust(db)
    out = tmp_path_factory.mktemp("board_pack") / f"board_pack_{trust['org_code']}.html"
    path = board_pack.build_board_pack(db, str(trust["org_code"]), out, grain="month")
    return path, trust


def test_pack_shows_the_trusts_figures(pack):
    path, trust = pack
    html = path.read_text(encoding="utf-8")
    assert f"({trust['org_code']})" in html
    assert f"<div class='v'>{trust['composite_score']:.2f}</div>" in html
    assert str(trust["risk_band"]) in html
    assert f"{trust['risk_rank']} of " in html
    assert "SYNTHETIC DATA" in html
    for section in ("position", "drivers", "trend", "equality", "safety", "value"):
        assert f"<section id='{section}'>" in html
    assert html.count("How to read it:") == 6
    assert "Funnel plot:" in html and "SPC chart of Composite score" in html


def test_pack_is_self_contained(pack):
    html = pack[0].read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*['"]?https?:""", html)


def test_value_section_says_when_marts_are_missing(pack, synthetic_warehouse):
    html = pack[0].read_text(encoding="utf-8")
    con = duckdb.connect(str(synthetic_warehouse[0]), read_only=True)
    try:
        present = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()}
    finally:
        con.close()
    if "fct_value_index" in present:
        assert "fct_value_index" in html
    else:
        assert "Not yet available" in html


def test_unknown_trust_is_a_clear_error(synthetic_warehouse, tmp_path, capsys):
    with pytest.raises(board_pack.BoardPackError, match="no maternity index score for ZZZ"):
        board_pack.build_board_pack(synthetic_warehouse[0], "ZZZ", tmp_path / "x.html")
    status = board_pack.main(["ZZZ", "--db", str(synthetic_warehouse[0]),
                              "--out", str(tmp_path / "x.html")])
    assert status == 2 and "ERROR" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_spc_and_funnel_arithmetic():
    summary = charts.spc_summary([1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 12.0])
    assert summary.mean == pytest.approx(24 / 9)
    assert summary.mean_moving_range == pytest.approx(17 / 8)
    assert summary.upper == pytest.approx(24 / 9 + 2.66 * 17 / 8)
    assert summary.outside == (8,)
    lo, hi = charts.funnel_limits(0.1, 100, 1.96)
    assert lo == pytest.approx(0.1 - 1.96 * 0.03) and hi == pytest.approx(0.1 + 1.96 * 0.03)


@pytest.mark.skipif(board_pack.chromium_path() is None, reason=NO_CHROMIUM)
def test_pack_renders_in_headless_chromium(pack, tmp_path):
    path, trust = pack
    dom = board_pack.dump_dom(path)
    assert f"({trust['org_code']})" in dom and f"{trust['composite_score']:.2f}" in dom
    assert dom.count("<svg") >= 4  # funnel, SPC, two equality charts
    png = board_pack.render_png(path, tmp_path / "board_pack.png", (1280, 2400))
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    (PROJECT / "target").mkdir(exist_ok=True)
    shutil.copyfile(png, PROJECT / "target" / "board_pack_screenshot.png")
    pdf = board_pack.render_pdf(path, tmp_path / "board_pack.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
