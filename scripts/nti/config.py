"""Where the raw data and the warehouse file live.

Raw data: `--raw-dir`, else $NTI_RAW_DIR, else `data/raw` inside the project (git-ignored).
Warehouse: `--db`, else $NTI_DUCKDB_PATH, else `target/nti.duckdb`. The dbt profile reads the
same variable: the CLI runs dbt from the file's folder with the variable set to the file's bare
name (`publish.dbt_on`), so that dbt keeps its partial parse from one warehouse to another.
"""

from __future__ import annotations

import importlib.metadata
import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
DEFAULT_RAW_DIR = PROJECT_DIR / "data" / "raw"
DEFAULT_SYNTHETIC_DIR = PROJECT_DIR / "data" / "synthetic"
DEFAULT_DB = PROJECT_DIR / "target" / "nti.duckdb"


def raw_dir(cli_value: str | None = None) -> Path:
    value = cli_value or os.environ.get("NTI_RAW_DIR")
    return Path(value).expanduser().resolve() if value else DEFAULT_RAW_DIR


def db_path(cli_value: str | None = None) -> Path:
    value = cli_value or os.environ.get("NTI_DUCKDB_PATH")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


SYNTHETIC_MARKER = ".nti-synthetic"


def has_data_files(folder: Path) -> bool:
    return folder.is_dir() and any(
        p.is_file() and p.name not in {".gitkeep", "README.md", SYNTHETIC_MARKER}
        for p in folder.rglob("*")
    )


def data_origin(folder: Path) -> str:
    """'synthetic' when the folder was written by nti.synthetic, else 'real'."""
    return "synthetic" if (folder / SYNTHETIC_MARKER).exists() else "real"


DEFAULT_MEMORY_LIMIT = "2500MB"


def duckdb_settings() -> dict[str, str]:
    """Settings of the Python connections that write the warehouse: the memory limit that
    profiles.yml gives dbt (DuckDB spills to disk beyond it; $NTI_DUCKDB_MEMORY_LIMIT).
    Insertion order stays kept here (dbt drops it): the fast CSV path numbers lines by rowid."""
    return {"memory_limit": os.environ.get("NTI_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)}


def package_version(name: str) -> str:
    """The installed version of a package, or 'unknown'."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
