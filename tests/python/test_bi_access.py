"""The BI recipe in the README works: SQLAlchemy through duckdb-engine, read-only, and Parquet.

Runs on the published warehouse of the session's synthetic build (no real data needed).
"""

from __future__ import annotations

import duckdb
import pytest
import sqlalchemy as sa

from nti import release


def _published(synthetic_warehouse):
    db, _, _ = synthetic_warehouse
    return db


def test_sqlalchemy_read_only_connection_reads_and_reflects_marts(synthetic_warehouse):
    db = _published(synthetic_warehouse)
    engine = sa.create_engine(f"duckdb:///{db}", connect_args={"read_only": True})
    with engine.connect() as con:
        rows = con.execute(sa.text("select count(*) from marts.fct_maternity_index")).scalar()
        tables = sa.inspect(con).get_table_names(schema="marts")
        with pytest.raises(Exception, match="read-only"):
            con.execute(sa.text("create table marts.should_fail (x integer)"))
    engine.dispose()
    assert rows and rows > 0
    assert {"fct_maternity_index", "fct_maternity_index_drivers", "dim_trusts"} <= set(tables)


def test_parquet_exports_of_the_release_are_readable(synthetic_warehouse):
    db = _published(synthetic_warehouse)
    exports = sorted(db.parent.glob("releases/*/parquet/*.parquet"))
    # a period mart is a folder of one file per period
    for mart in release.PERIOD_MARTS:
        periods = sorted(db.parent.glob(f"releases/*/parquet/{mart}/*.parquet"))
        assert periods, f"no Parquet of {mart} beside {db}"
    assert exports, f"no Parquet exports beside {db}"
    names = {p.stem for p in exports}
    assert "fct_maternity_index" in names
    con = duckdb.connect()
    path = next(p for p in exports if p.stem == "fct_maternity_index")
    assert con.execute(f"select count(*) from read_parquet('{path}')").fetchall()[0][0] > 0
