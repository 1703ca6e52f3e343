"""dbt docs (issue 9): the static docs site builds against a warehouse, embeds the manifest and
the catalog, describes every model, seed, source and every column the warehouse holds, and
carries the exposures for the board pack and the Parquet exports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import PROJECT

SCHEMA_URL = "https://schemas.getdbt.com/dbt/{kind}/"
DESCRIBED = ("model", "seed", "snapshot")


def embedded_json(html: str, kind: str) -> dict[str, Any]:
    """The manifest or catalog that `dbt docs generate --static` inlined into the page."""
    start = html.find('{"metadata": {"dbt_schema_version": "' + SCHEMA_URL.format(kind=kind))
    assert start >= 0, f"static_index.html does not embed the {kind}"
    document, _ = json.JSONDecoder().raw_decode(html, start)
    return document


@pytest.fixture(scope="module")
def docs_site(synthetic_warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`dbt docs generate --static` on a copy of the synthetic warehouse (the catalog reads the
    built relations: every column the warehouse actually holds)."""
    db, _, _ = synthetic_warehouse
    work = tmp_path_factory.mktemp("docs")
    copy = work / "nti.duckdb"
    shutil.copyfile(db, copy)
    target = work / "target"
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, "NTI_DUCKDB_PATH": str(copy), "DO_NOT_TRACK": "1",
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(
        [str(dbt), "docs", "generate", "--static", "--project-dir", str(PROJECT),
         "--profiles-dir", str(PROJECT), "--target-path", str(target),
         "--log-path", str(work / "logs")],
        cwd=PROJECT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"dbt docs generate failed:\n{result.stdout[-4000:]}"
    page = target / "static_index.html"
    assert page.is_file(), "dbt docs generate --static wrote no static_index.html"
    html = page.read_text(encoding="utf-8")
    return {"target": target, "html": html, "manifest": embedded_json(html, "manifest"),
            "catalog": embedded_json(html, "catalog")}


def described(entry: dict[str, Any]) -> bool:
    return bool((entry.get("description") or "").strip())


def test_static_page_embeds_manifest_and_catalog(docs_site):
    html = docs_site["html"]
    assert "MANIFEST.JSON INLINE DATA" not in html and "CATALOG.JSON INLINE DATA" not in html
    manifest = json.loads((docs_site["target"] / "manifest.json").read_text())
    catalog = json.loads((docs_site["target"] / "catalog.json").read_text())
    assert set(docs_site["manifest"]["nodes"]) == set(manifest["nodes"])
    assert set(docs_site["catalog"]["nodes"]) == set(catalog["nodes"])
    assert docs_site["catalog"]["nodes"], "the catalog holds no relation: was the warehouse built?"


def test_every_model_seed_and_source_has_a_description(docs_site):
    manifest = docs_site["manifest"]
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in DESCRIBED]
    sources = list(manifest["sources"].values())
    assert len(nodes) > 100 and sources
    missing = sorted(n["unique_id"] for n in [*nodes, *sources] if not described(n))
    assert not missing, (f"{len(missing)} models / seeds / sources without a description:\n  "
                         + "\n  ".join(missing))


def test_every_column_in_the_warehouse_has_a_description(docs_site):
    """Every column of every built relation (catalog) has a YAML entry with a description."""
    manifest, catalog = docs_site["manifest"], docs_site["catalog"]
    documented = {**manifest["nodes"], **manifest["sources"]}
    # an ephemeral model is compiled into its children: no relation, so not in the catalog
    models = {uid for uid, n in manifest["nodes"].items() if n["resource_type"] in DESCRIBED
              and n["config"].get("materialized") != "ephemeral"}
    not_built = sorted(models - set(catalog["nodes"]))
    assert not not_built, f"not in the catalog (columns unchecked): {not_built}"
    missing: dict[str, list[str]] = {}
    for uid, relation in {**catalog["nodes"], **catalog["sources"]}.items():
        yaml_columns = {name.lower(): c for name, c in documented[uid]["columns"].items()}
        for name in relation["columns"]:
            if not described(yaml_columns.get(name.lower(), {})):
                missing.setdefault(uid, []).append(name)
    lines = [f"{uid}: {', '.join(cols)}" for uid, cols in sorted(missing.items())]
    assert not missing, (f"{sum(map(len, missing.values()))} columns without a description "
                         "(add them to the model's YAML; doc blocks in models/_shared__docs.md):"
                         "\n  " + "\n  ".join(lines))


def exposure(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    found = [e for e in manifest["exposures"].values() if e["name"] == name]
    assert found, f"no exposure {name} in the docs"
    entry = found[0]
    assert described(entry) and entry["owner"]["name"] and entry["label"]
    return entry


def aliases(manifest: dict[str, Any], node_ids: list[str]) -> set[str]:
    return {manifest["nodes"][uid]["alias"] for uid in node_ids}


def test_board_pack_exposure_lists_every_mart_the_pack_reads(docs_site):
    from nti.board_pack import VALUE_MARTS

    manifest = docs_site["manifest"]
    depends = aliases(manifest, exposure(manifest, "board_pack")["depends_on"]["nodes"])
    code = (PROJECT / "scripts" / "nti" / "board_pack.py").read_text()
    read = set(re.findall(r"\bmarts\.(\w+)", code)) | set(VALUE_MARTS)
    read.discard("")
    assert read, "found no mart the board pack reads"
    assert not read - depends, f"board_pack exposure misses {sorted(read - depends)}"


def test_parquet_exposure_lists_every_exported_mart(docs_site):
    """nti.release.export_parquet writes every table of the marts schema."""
    manifest, catalog = docs_site["manifest"], docs_site["catalog"]
    depends = aliases(manifest, exposure(manifest, "parquet_exports")["depends_on"]["nodes"])
    exported = {relation["metadata"]["name"] for relation in catalog["nodes"].values()
                if relation["metadata"]["schema"] == "marts"}
    assert exported
    assert not exported - depends, f"parquet_exports exposure misses {sorted(exported - depends)}"
