"""Revenue metrics and the conversion funnel for the product and finance team
(auxeira_analyst; docs/BILLING.md). One statement each, one SQL function each.

    from auxeira_db import revenue
    rows = revenue.revenue_metrics(conn, date(2026, 1, 1), date(2026, 12, 1), currency="USD")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import class_row

from auxeira_db.arguments import require_connection, require_date, require_str
from auxeira_db.db import translated


@dataclass(frozen=True)
class RevenueMonth:
    """One month (and segment) of auxeira_analytics.revenue_metrics; money in the reporting
    currency, movements signed (contraction and churn negative)."""

    month: date
    segment: str
    mrr: Decimal
    arr: Decimal
    customers: int
    starting_mrr: Decimal
    starting_customers: int
    new_mrr: Decimal
    expansion_mrr: Decimal
    contraction_mrr: Decimal
    churned_mrr: Decimal
    reactivation_mrr: Decimal
    fx_mrr: Decimal
    net_new_mrr: Decimal
    churned_customers: int
    arpa: Decimal | None
    customer_churn_rate: Decimal | None
    revenue_churn_rate: Decimal | None
    nrr: Decimal | None
    grr: Decimal | None
    quick_ratio: Decimal | None
    ltv: Decimal | None
    charged: Decimal
    refunded: Decimal
    disputed: Decimal


def revenue_metrics(
    conn: psycopg.Connection[Any],
    from_month: date | None = None,
    to_month: date | None = None,
    *,
    currency: str = "USD",
    segment_by: str | None = None,
) -> list[RevenueMonth]:
    """MRR, ARR, MRR movements, ARPA, churn, NRR/GRR, quick ratio and LTV by month."""
    require_connection(conn)
    for name, value in (("from_month", from_month), ("to_month", to_month)):
        if value is not None:
            require_date(value, name)
    require_str(currency, "currency")
    if segment_by is not None:
        require_str(segment_by, "segment_by")
    params = {
        "from_month": from_month,
        "to_month": to_month,
        "currency": currency,
        "segment_by": segment_by,
    }
    with translated(), conn.cursor(row_factory=class_row(RevenueMonth)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira_analytics.revenue_metrics(from_month => %(from_month)s,"
            " to_month => %(to_month)s, currency => %(currency)s,"
            " segment_by => %(segment_by)s)",
            params,
        ).fetchall()


@dataclass(frozen=True)
class FunnelCohort:
    """One sign-up month and source of auxeira_analytics.conversion_funnel."""

    cohort_month: date
    source: str
    signed_up: int
    trialed: int
    paid: int
    upgraded: int
    paid_without_trial: int
    premium_buyers: int
    trial_rate: Decimal
    paid_rate: Decimal
    trial_to_paid_rate: Decimal | None
    upgrade_rate: Decimal | None
    median_days_to_trial: Decimal | None
    median_days_to_paid: Decimal | None
    median_days_to_upgrade: Decimal | None


def conversion_funnel(
    conn: psycopg.Connection[Any], from_month: date | None = None, to_month: date | None = None
) -> list[FunnelCohort]:
    """Sign-up → trial → paid → upgraded by cohort month and acquisition source."""
    require_connection(conn)
    for name, value in (("from_month", from_month), ("to_month", to_month)):
        if value is not None:
            require_date(value, name)
    with translated(), conn.cursor(row_factory=class_row(FunnelCohort)) as cur:
        return cur.execute(
            "SELECT * FROM auxeira_analytics.conversion_funnel(from_month => %(from_month)s,"
            " to_month => %(to_month)s)",
            {"from_month": from_month, "to_month": to_month},
        ).fetchall()
