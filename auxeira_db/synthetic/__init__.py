"""A reproducible synthetic startup ecosystem for every dashboard, loaded at COPY speed.

    from auxeira_db.synthetic import generate
    summary = generate(url, persona="vc", scale="small", seed=42, ttl="7d")
    summary.tables  # {"users": 44, "companies": 40, ...}

Reproducibility: the rows are a pure function of the plan (persona, counts, seed, template
parameters and the reference date `as_of`, by default the fixed anchor 2026-06-30, never the
clock). Same plan, same rows, ids included. Only `expires_at` (now() + ttl, from the server) and
the `created_at`/`updated_at` defaults of tables without an event time depend on when it runs,
and the corporate dashboard's auctions: the database decides from now() whether an auction is
scheduled, open, revealing or closed, and its bid trigger accepts a sealed bid only while the
auction is open, so auction schedules (opens_at, closes_at, reveal_closes_at, cancelled_at) and
bid times (committed_at, revealed_at) are laid out around the server's current UTC date: the
same on the same day, shifted by whole days otherwise; a sealed bid on an open auction gets
committed_at = now() from the trigger. Everything else about them (ids, companies, bidders,
amounts, nonces, commitments) is reproducible. See synthetic/dashboards.py.
Without a seed a random one is drawn and reported in the summary, so any run can be repeated.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import psycopg

from auxeira_db import migrations
from auxeira_db.db import connect, translated
from auxeira_db.errors import AlreadySeeded, InvalidArgument
from auxeira_db.synthetic.generator import Ecosystem, Table
from auxeira_db.synthetic.loader import Progress, act_as_owner, load
from auxeira_db.synthetic.options import (
    DEFAULT_AS_OF,
    PERSONAS,
    SCALES,
    USER_TYPES,
    Plan,
    default_counts,
    parse_ttl,
    validate_options,
    validate_plan,
)
from auxeira_db.synthetic.templates import (
    BUILTIN,
    Template,
    create_template,
    delete_template,
    get_template,
    list_templates,
    normalised_counts,
    to_range,
    validate_parameters,
)

__all__ = [
    "BUILTIN",
    "DEFAULT_AS_OF",
    "PERSONAS",
    "SCALES",
    "Plan",
    "Progress",
    "SeedSummary",
    "Template",
    "build_plan",
    "create_template",
    "delete_template",
    "ecosystem_tables",
    "generate",
    "get_template",
    "list_templates",
    "parse_ttl",
    "validate_options",
    "validate_parameters",
]


@dataclass(frozen=True)
class SeedSummary:
    """What a run wrote: rows per table, and the options that reproduce it."""

    persona: str
    seed: int
    scale: str
    template: str | None
    as_of: date
    expires_at: datetime
    counts: dict[str, int]
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    times: int = 1

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())


def build_plan(
    conn: psycopg.Connection[Any] | None,
    *,
    persona: str | None = None,
    count: int | None = None,
    scale: str = "small",
    seed: int = 0,
    template: str | None = None,
    as_of: date | None = None,
    times: int = 1,
) -> Plan:
    """The plan of a run: persona and scale defaults, overridden by the template's parameters;
    with `times`, every account count multiplied (more tenants of every type, each generated
    as at times 1: the same shape per tenant)."""
    params: dict[str, Any] = {}
    if template is not None:
        params = validate_parameters(get_template(conn, template).parameters)
    chosen = persona or params.get("persona") or "all"
    counts = default_counts(chosen, scale, count)
    if "counts" in params:
        counts = dict.fromkeys(USER_TYPES, 0) | normalised_counts(params["counts"])
        if count is not None and chosen != "all":
            from auxeira_db.synthetic.options import PERSONA_USER_TYPE

            counts[PERSONA_USER_TYPE[chosen]] = count
    counts = {user_type: n * times for user_type, n in counts.items()}
    kwargs: dict[str, Any] = {}
    if "industries" in params:
        kwargs["industries"] = tuple(params["industries"])
    if "stages" in params:
        from auxeira_db.synthetic.patterns import STAGES

        kwargs["stages"] = tuple(s for s in STAGES if s in params["stages"])
    for key in ("investments_per_vc", "investments_per_angel", "partnerships_per_corporate"):
        if key in params:
            kwargs[key] = to_range(params[key])
    plan = Plan(
        persona=chosen,
        counts=counts,
        seed=seed,
        as_of=as_of or DEFAULT_AS_OF,
        investment_amount=to_range(params.get("investment_amount")),
        template=template,
        **kwargs,
    )
    validate_plan(plan)
    return plan


def ecosystem_tables(
    plan: Plan,
    expires_at: datetime,
    *,
    has_funds: bool = True,
    has_dashboards: bool = True,
    now: datetime | None = None,
) -> list[Table]:
    """The generators of every table of a plan, in load order (used by bench/seed.py too).
    `now` is the database clock at load time (default: this machine's), which places the
    corporate dashboard's auctions; run each table's `before` and `after` SQL around its COPY."""
    return Ecosystem(
        plan, expires_at, has_funds=has_funds, has_dashboards=has_dashboards, now=now
    ).tables()


def _recompute_metrics(
    conn: psycopg.Connection[Any], as_of: date, dates: list[date], investor_ids: list[str]
) -> int:
    """Fill investments.irr/moic/... as of the reference date and the portfolio_metrics history
    on `dates` from the SQL calculation (auxeira.refresh_investment_metrics_for and
    auxeira.snapshot_portfolio_metrics_history), so that every stored figure is what
    auxeira.investment_performance / portfolio_performance give: for this run's investors and
    their investments only, inside the loading transaction. Returns the snapshots written."""
    act_as_owner(conn)
    # the kept figures first (their triggers were deferred during the load): the stored
    # metrics below read investment_performance, which then finds them
    conn.execute(
        "SELECT auxeira.refresh_holding_figures(ARRAY(SELECT id FROM auxeira.investments"
        " WHERE investor_id = ANY(%s::uuid[])), %s::uuid[])",
        (investor_ids, investor_ids),
    )
    conn.execute(
        "SELECT auxeira.refresh_investment_metrics_for(%s, ARRAY(SELECT id FROM"
        " auxeira.investments WHERE investor_id = ANY(%s::uuid[])))",
        (as_of, investor_ids),
    )
    row = conn.execute(
        "SELECT auxeira.snapshot_portfolio_metrics_history(%s::date[], %s::uuid[])",
        (dates, investor_ids),
    ).fetchone()
    assert row is not None
    return int(row[0])


def generate(
    conn_or_url: psycopg.Connection[Any] | str,
    *,
    persona: str | None = None,
    count: int | None = None,
    scale: str = "small",
    seed: int | None = None,
    ttl: str = "7d",
    template: str | None = None,
    as_of: date | None = None,
    progress: Progress | None = None,
    times: int = 1,
) -> SeedSummary:
    """Generate and load one synthetic ecosystem in a single transaction.

    Refuses (NotMigrated) a database whose migrations are not all applied, (AlreadySeeded) a
    plan whose rows are already present, and (SyntheticOptionsError, TemplateError) impossible
    options, writing nothing. Only inserts rows with is_synthetic = true.
    """
    validate_options(
        persona=persona,
        count=count,
        scale=scale,
        seed=seed,
        ttl=ttl,
        template=template,
        as_of=as_of,
        times=times,
    )
    delta = parse_ttl(ttl)
    if isinstance(conn_or_url, str):
        with connect(conn_or_url, autocommit=True) as conn:
            return generate(
                conn,
                persona=persona,
                count=count,
                scale=scale,
                seed=seed,
                ttl=ttl,
                template=template,
                as_of=as_of,
                progress=progress,
                times=times,
            )
    if not isinstance(conn_or_url, psycopg.Connection):
        raise InvalidArgument(
            f"conn_or_url must be a psycopg Connection or a URL, not {type(conn_or_url).__name__}"
        )
    with translated():
        return _generate(
            conn_or_url,
            persona=persona,
            count=count,
            scale=scale,
            seed=seed,
            delta=delta,
            template=template,
            as_of=as_of,
            progress=progress,
            times=times,
        )


def _generate(
    conn: psycopg.Connection[Any],
    *,
    persona: str | None,
    count: int | None,
    scale: str,
    seed: int | None,
    delta: timedelta,
    template: str | None,
    as_of: date | None,
    progress: Progress | None,
    times: int = 1,
) -> SeedSummary:
    migrations.require_current(conn)
    migrations.refuse_read_only(conn)
    if seed is None:
        seed = secrets.randbits(31)
    plan = build_plan(
        conn,
        persona=persona,
        count=count,
        scale=scale,
        seed=seed,
        template=template,
        as_of=as_of,
        times=times,
    )
    started = time.perf_counter()
    row = conn.execute(
        "SELECT now() + %s::interval, to_regclass('auxeira.funds') IS NOT NULL, "
        "to_regclass('auxeira.partnership_auctions') IS NOT NULL, now()",
        (delta,),
    ).fetchone()
    assert row is not None
    expires_at, has_funds, has_dashboards, now = row[0], bool(row[1]), bool(row[2]), row[3]
    eco = Ecosystem(plan, expires_at, has_funds=has_funds, has_dashboards=has_dashboards, now=now)
    present = conn.execute(
        "SELECT 1 FROM auxeira.users WHERE id = %s", (eco.first_user_id(),)
    ).fetchone()
    if present:
        raise AlreadySeeded(
            f"the rows of seed {seed} with these options are already loaded: remove them "
            "(they expire, then `auxeira-db cleanup`) or choose another --seed"
        )
    investor_ids = [
        eco.user_id(user_type, i)
        for user_type in ("vc", "angel")
        for i in range(plan.counts.get(user_type, 0))
    ]

    snapshots: dict[str, int] = {}

    def figures(conn: psycopg.Connection[Any]) -> None:
        if has_funds:
            snapshots["portfolio_metrics"] = _recompute_metrics(
                conn, plan.as_of, eco.snapshot_dates(), investor_ids
            )

    # portfolio_metrics is not copied: SQL writes it from the flows and marks (figures)
    tables = load(conn, eco.tables(), progress, finish=figures) | snapshots
    return SeedSummary(
        persona=plan.persona,
        seed=seed,
        scale=scale,
        template=template,
        as_of=plan.as_of,
        expires_at=expires_at,
        counts=plan.counts,
        tables=tables,
        seconds=time.perf_counter() - started,
        times=times,
    )
