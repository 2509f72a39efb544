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

from auxeira_db import analytics
from auxeira_db.arguments import require_connection, require_str

MONTHS = ("from_month", "to_month")  # the date parameters of both functions


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
    require_str(currency, "currency")
    if segment_by is not None:
        require_str(segment_by, "segment_by")
    return analytics._fetch(
        conn,
        RevenueMonth,
        "revenue_metrics",
        {
            "from_month": from_month,
            "to_month": to_month,
            "currency": currency,
            "segment_by": segment_by,
        },
        dates=MONTHS,
    )


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
    return analytics._fetch(
        conn,
        FunnelCohort,
        "conversion_funnel",
        {"from_month": from_month, "to_month": to_month},
        dates=MONTHS,
    )
