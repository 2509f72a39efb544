"""`auxeira-db billing ...` and `auxeira-db analytics revenue-metrics` / `conversion-funnel`
(docs/BILLING.md). Registered from cli.py by `billing_cli.register(app, analytics_app)`."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from auxeira_db.errors import ConfigurationError, DataError

SECRET_VARIABLES = {"paystack": "AUXEIRA_PAYSTACK_SECRET", "stripe": "AUXEIRA_STRIPE_SECRET"}

billing_app = typer.Typer(
    help="Payment webhooks and subscriptions (docs/BILLING.md).", no_args_is_help=True
)


def _cli() -> Any:
    from auxeira_db import cli  # late: cli imports this module

    return cli


@billing_app.command("ingest")
def ingest(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help='JSON lines: {"headers": {...}, "body": "..."}.')],
    provider: Annotated[str, typer.Option("--provider", help="paystack or stripe.")],
    ignore_tolerance: Annotated[
        bool,
        typer.Option(
            "--ignore-tolerance",
            help="Accept Stripe signatures older than 5 minutes (replaying recorded deliveries).",
        ),
    ] = False,
) -> None:
    """Replay recorded webhook deliveries: each is verified with the provider's secret
    (AUXEIRA_PAYSTACK_SECRET / AUXEIRA_STRIPE_SECRET, comma-separated during a rotation),
    stored once and applied. Duplicates are reported, not applied again."""
    from auxeira_db import billing

    cli = _cli()
    if provider not in billing.PROVIDERS:
        raise DataError(f"unknown payment provider {provider!r}: use paystack or stripe")
    secret = os.environ.get(SECRET_VARIABLES[provider], "")
    if not secret:
        raise ConfigurationError(f"set {SECRET_VARIABLES[provider]} to the webhook secret")
    try:
        lines = file.read_text().splitlines()
    except OSError as exc:
        raise DataError(f"cannot read {file}: {exc.strerror}") from None
    deliveries: list[tuple[bytes, dict[str, str]]] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            body, headers = record["body"], record["headers"]
            if not isinstance(body, str) or not isinstance(headers, dict):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            raise DataError(
                f"{file}:{number}: not a delivery (a JSON object with body and headers)"
            ) from None
        deliveries.append((body.encode(), {str(k): str(v) for k, v in headers.items()}))
    secrets = [s.strip() for s in secret.split(",") if s.strip()]
    tolerance = None if ignore_tolerance else billing.STRIPE_TOLERANCE_S
    results = []
    with cli._database(ctx, writes=True) as conn:
        for body, headers in deliveries:
            results.append(
                billing.ingest(conn, provider, body, headers, secrets, tolerance=tolerance)
            )
    if cli._opts(ctx).json:
        cli._emit([asdict(r) for r in results])
        return
    counts: dict[str, int] = {}
    for r in results:
        key = "duplicate" if r.duplicate else r.outcome
        counts[key] = counts.get(key, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing"
    cli.err.print(f"{len(results)} deliveries: {summary}")


@billing_app.command("expire")
def expire(ctx: typer.Context) -> None:
    """Expire subscriptions whose grace period, trial or paid period ran out (the job)."""
    from auxeira_db import billing

    cli = _cli()
    with cli._database(ctx, writes=True) as conn:
        n = billing.expire_lapsed(conn)
    if cli._opts(ctx).json:
        cli._emit({"expired": n})
    else:
        cli.err.print(f"{n} subscriptions expired")


def revenue_metrics(
    ctx: typer.Context,
    from_month: Annotated[
        str | None, typer.Option("--from", help="First month (YYYY-MM-DD).")
    ] = None,
    to_month: Annotated[str | None, typer.Option("--to", help="Last month (YYYY-MM-DD).")] = None,
    currency: Annotated[str, typer.Option("--currency", help="Reporting currency.")] = "USD",
    by: Annotated[
        str | None, typer.Option("--by", help="tier, user_type or currency (default: all).")
    ] = None,
) -> None:
    """MRR, ARR, MRR movements, ARPA, churn, NRR/GRR, quick ratio and LTV by month."""
    from auxeira_db import revenue

    start, end = _cli()._day(from_month, "--from"), _cli()._day(to_month, "--to")
    _cli()._analysis(
        ctx, lambda c: revenue.revenue_metrics(c, start, end, currency=currency, segment_by=by)
    )


def conversion_funnel(
    ctx: typer.Context,
    from_month: Annotated[str | None, typer.Option("--from", help="First cohort month.")] = None,
    to_month: Annotated[str | None, typer.Option("--to", help="Last cohort month.")] = None,
) -> None:
    """Sign-up → trial → paid → upgraded by cohort month and acquisition source."""
    from auxeira_db import revenue

    start, end = _cli()._day(from_month, "--from"), _cli()._day(to_month, "--to")
    _cli()._analysis(ctx, lambda c: revenue.conversion_funnel(c, start, end))


def register(app: typer.Typer, analytics_app: typer.Typer) -> None:
    app.add_typer(billing_app, name="billing")
    analytics_app.command("revenue-metrics")(revenue_metrics)
    analytics_app.command("conversion-funnel")(conversion_funnel)
