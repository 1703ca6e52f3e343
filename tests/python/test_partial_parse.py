"""dbt keeps its partial parse from a full build to an incremental one (issue 8).

dbt records every env_var a macro reads while it parses, and parses the files again when the
value differs from the last parse's. NTI_TESTS_CHANGED_ONLY is 0 on a full build and 1 on an
incremental one, so a macro that read it at parse time made the incremental build after a full
one parse six YAML files again (1.7 s at 120 months). A macro may read an env var only after
`{% if not execute %}` has returned."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import MACRO

PROJECT = Path(__file__).resolve().parents[2]
_GUARD = re.compile(r"{%-?\s*if not execute\s*-?%}\s*{{\s*return\([^)]*\)\s*}}\s*{%-?\s*endif")


def env_vars_read_at_parse(sql: str) -> list[str]:
    """Macros of a file that call env_var() without first returning when not executing."""
    found = []
    for macro in MACRO.finditer(sql):
        body = re.sub(r"{#.*?#}", "", macro.group(0), flags=re.S)
        read = body.find("env_var(")
        guard = _GUARD.search(body)
        if read >= 0 and (guard is None or guard.start() > read):
            found.append(macro.group(1))
    return found


def test_no_macro_reads_an_env_var_while_dbt_parses():
    found = {p.name: env_vars_read_at_parse(p.read_text(encoding="utf-8"))
             for p in sorted((PROJECT / "macros").rglob("*.sql"))}
    assert not {k: v for k, v in found.items() if v}, found


def test_the_check_finds_an_unguarded_env_var():
    unguarded = "{% macro m() -%}\n{{ return(env_var('X', '0') == '1') }}\n{%- endmacro %}"
    guarded = unguarded.replace("{{ return(env_var", "{%- if not execute -%}\n{{ return(false) }}"
                                "\n{%- endif -%}\n{{ return(env_var")
    assert env_vars_read_at_parse(unguarded) == ["m"]
    assert env_vars_read_at_parse(guarded) == []
