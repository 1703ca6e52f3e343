"""`nti report value --trust CODE [--year 2017/18]`: one trust's value position, peers, drivers
and trapped value, read from the value index marts (read-only)."""

from __future__ import annotations

from pathlib import Path

import duckdb

_YEAR = """
    select financial_year
    from marts.fct_value_index
    where org_code = ? and (? is null or financial_year = ?)
    order by (value_index is null), fy_start_year desc
    limit 1
"""

_POSITION = """
    select org_name, current_code, fy_start_year, value_index,
           value_index_deprivation_adjusted, value_rank, trusts_ranked, value_band,
           value_status_reason, value_index_change, productivity, peer_median_productivity,
           cost_per_admission, admissions, operating_cost_gbp, quality_z_england, quality_z_peer,
           quality_deprivation_adjusted_z_peer, quality_missing, cost_z_england, cost_z_peer,
           equity_z_england, equity_z_peer, quality_multiplier, peers_scored, main_movements
    from marts.fct_value_index
    where org_code = ? and financial_year = ?
"""

_PEERS = """
    select p.peer_rank, p.peer_code, p.peer_name, p.distance, v.value_index
    from marts.dim_trust_peers as p
    left join marts.fct_value_index as v
        on p.peer_code = v.org_code and v.financial_year = ?
    where p.org_code = ?
    order by p.peer_rank
"""

_DRIVERS = """
    select indicator_code, domain, indicator_value, peer_mean, england_mean, z_peer, z_england,
           contribution_to_domain, contribution_change, z_peer_missing_reason
    from marts.fct_value_index_drivers
    where org_code = ? and financial_year = ?
    order by domain, driver_rank nulls last, indicator_code
"""

_TRAPPED = """
    select cost_per_admission, benchmark_choice, benchmark_cost_per_admission,
           excess_cost_per_admission, admissions, trapped_value_gbp, national_trapped_value_gbp,
           peers_with_cost
    from marts.fct_trapped_value
    where org_code = ? and financial_year = ?
"""


def _num(value: float | None, spec: str) -> str:
    return "-" if value is None else format(float(value), spec)


def _pounds(value: float | None) -> str:
    if value is None:
        return "-"
    value = float(value)
    if abs(value) >= 1e6:
        return f"GBP {value / 1e6:,.1f}m"
    return f"GBP {value:,.0f}"


def _position_lines(code: str, year: str, row: tuple) -> list[str]:
    (name, current, _, index, adjusted, rank, ranked, band, reason, change, productivity,
     peer_productivity, cpa, admissions, opex, q_eng, q_peer, q_adj, q_missing, c_eng, c_peer,
     e_eng, e_peer, multiplier, peers_scored, movements) = row
    successor = f" (now {current})" if current and current != code else ""
    lines = [f"Value index {year}: {code}{successor} {name}"]
    if index is None:
        lines.append(f"  not scored: {reason}")
    else:
        lines.append(
            f"  value index {index:.1f} (100 = peer median; deprivation-adjusted "
            f"{_num(adjusted, '.1f')}), rank {rank} of {ranked}, {band}; change from the "
            f"previous year {_num(change, '+.1f')}"
        )
    lines.append(
        f"  activity {_num(admissions, ',.0f')} admissions, operating cost {_pounds(opex)}, "
        f"{_num(productivity, '.1f')} admissions per GBP 1m (peer median "
        f"{_num(peer_productivity, '.1f')}), cost per admission {_pounds(cpa)}"
    )
    lines.append(
        f"  domains (z, higher = better)  quality: {_num(q_peer, '+.2f')} vs peers, "
        f"{_num(q_eng, '+.2f')} vs England (deprivation-adjusted {_num(q_adj, '+.2f')} vs "
        f"peers; multiplier {_num(multiplier, '.3f')})"
    )
    lines.append(
        f"{'':32}cost: {_num(c_peer, '+.2f')} vs peers, {_num(c_eng, '+.2f')} vs England"
    )
    lines.append(
        f"{'':32}equity: {_num(e_peer, '+.2f')} vs peers, {_num(e_eng, '+.2f')} vs England"
    )
    if q_missing:
        lines.append(f"  quality inputs missing this year (not imputed): {q_missing}")
    if movements:
        lines.append(f"  largest movements from the previous year: {movements}")
    lines.append(f"  peers scored this year: {peers_scored}")
    return lines


def value_report(db: Path, trust: str, year: str | None = None) -> str:
    """The text of one trust's value report (latest scored year unless `year` is given)."""
    code = trust.strip().upper()
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(_YEAR, [code, year, year]).fetchall()
        if not found:
            return f"No value index row for trust {code}" + (f" in {year}." if year else ".")
        (financial_year,) = found[0]
        position = con.execute(_POSITION, [code, financial_year]).fetchall()[0]
        lines = _position_lines(code, financial_year, position)

        lines += ["", "Peers (nearest first; weighted distance on standardised features):"]
        for rank, peer, name, distance, index in con.execute(
            _PEERS, [financial_year, code]
        ).fetchall():
            lines.append(
                f"  {rank:>2}. {peer:<5} {(name or '?')[:50]:<50} distance {distance:5.2f}  "
                f"value index {_num(index, '6.1f')}"
            )

        lines += [
            "",
            "Drivers (value, peer mean, England mean; z vs peers and England; contribution to "
            "the domain score vs peers and its change):",
        ]
        for (indicator, domain, value, peer_mean, england_mean, z_peer, z_england,
             contribution, change, missing) in con.execute(
                 _DRIVERS, [code, financial_year]).fetchall():
            note = f"  [{missing}]" if missing else ""
            lines.append(
                f"  {domain:<7} {indicator:<29} {_num(value, '10.3f')} {_num(peer_mean, '10.3f')}"
                f" {_num(england_mean, '10.3f')}  z {_num(z_peer, '+.2f'):>5} /"
                f" {_num(z_england, '+.2f'):>5}  contribution {_num(contribution, '+.2f'):>5}"
                f" ({_num(change, '+.2f')}){note}"
            )

        trapped = con.execute(_TRAPPED, [code, financial_year]).fetchall()
        lines.append("")
        if not trapped:
            lines.append("Trapped value: no cost and admissions for this year.")
        else:
            (cpa, choice, benchmark, _, admissions, value, national, peers) = trapped[0]
            lines.append(
                f"Trapped value (indicative estimate, benchmark = peer {choice.replace('_', ' ')}"
                f" of {peers} peers): max(0, {_pounds(cpa)} - {_pounds(benchmark)}) x "
                f"{_num(admissions, ',.0f')} admissions = {_pounds(value)} "
                f"(England total {_pounds(national)})"
            )
        return "\n".join(lines)
    finally:
        con.close()
