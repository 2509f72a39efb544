"""At least one rejected value for every CHECK constraint, and the other guards of the schema.

The constraints are read from the catalog, so a new CHECK constraint is tested
automatically, or this test fails until it gets a case in SPECIAL.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors
from psycopg.types.json import Jsonb

from auxeira_db.resources import migrations_dir
from tests import factories as f

# Bad values that the generic rule below cannot guess.
SPECIAL: dict[str, dict[str, Any]] = {
    "companies_gross_margin_check": {"gross_margin": 500},
    "esg_metrics_gender_pay_gap_check": {"gender_pay_gap": -500},
    "companies_name_check": {"name": "   "},
    "audit_log_action_check": {"action": "  "},
    "funds_name_check": {"name": "   "},
    "analytics_events_event_type_check": {"event_type": " "},
    "corporate_partnerships_end_date_check": {
        "start_date": date(2024, 2, 1),
        "end_date": date(2024, 1, 1),
    },
    "investments_exit_date_check": {
        "investment_date": date(2024, 2, 1),
        "exit_date": date(2024, 1, 1),
    },
    "investments_status_exit_date_check": {"status": "exited", "exit_date": None},
    "investments_post_money_valuation_check": {
        "pre_money_valuation": 100,
        "post_money_valuation": 50,
    },
    "subscription_events_amount_currency_check": {"amount": 10, "currency": None},
    "subscription_events_amount_check": {"amount": -5, "currency": "USD"},
    "token_transactions_amount_check": {"transaction_type": "earned", "amount": -5},
    "token_transactions_transaction_type_check": {"transaction_type": "stolen", "amount": 5},
    "synthetic_templates_name_check": {"name": "Not A Slug!"},
    "synthetic_templates_persona_check": {"parameters": Jsonb({"persona": "pirate"})},
    "synthetic_templates_counts_check": {"parameters": Jsonb({"counts": {"vc": -1}})},
    "synthetic_templates_stages_check": {"parameters": Jsonb({"stages": ["series-z"]})},
    "synthetic_templates_ranges_check": {
        "parameters": Jsonb({"investment_amount": {"low": 5, "high": 1}})
    },
    "outbox_op_check": {"op": "upsert"},
    "tax_profiles_jurisdiction_check": {"jurisdiction": "FR"},
    "tax_lot_facts_relief_check": {"relief": "vct"},
    "tax_lot_facts_acquired_by_check": {"acquired_by": "gift"},
    "tax_disposal_facts_lots_check": {"lots": Jsonb([])},
    "job_runs_finished_check": {"outcome": "succeeded", "finished_at": None},
    "job_runs_scheduled_check": {
        "trigger": "manual",
        "scheduled_for": datetime(2026, 1, 1, tzinfo=UTC),
    },
    "job_runs_outcome_check": {
        "outcome": "bogus-value",
        "finished_at": datetime(2026, 1, 1, tzinfo=UTC),
    },
    "price_list_currency_check": {"currency": "usd"},
    "price_list_token_amount_check": {"currency": "TOK", "amount": Decimal("1.5")},
    "price_list_valid_to_check": {
        "valid_from": datetime(2024, 2, 1, tzinfo=UTC),
        "valid_to": datetime(2024, 1, 1, tzinfo=UTC),
    },
    "price_list_description_check": {"description": "x" * 1001},
    "investments_written_off_date_check": {"status": "written-off", "exit_date": None},
    "currencies_code_check": {"code": "usd"},
    "fx_rates_pair_check": {"base": "USD", "quote": "USD"},
    "idempotency_keys_key_check": {"idempotency_key": ""},
    "idempotency_keys_operation_check": {"operation": ""},
    # billing (0022)
    "price_list_kind_check": {"kind": "bundle"},
    "price_list_plan_check": {"kind": "plan", "tier": "pro", "billing_cycle": "monthly"},
    "subscriptions_amount_currency_check": {"amount": 10, "currency": None},
    "subscriptions_period_check": {
        "current_period_start": datetime(2026, 2, 1, tzinfo=UTC),
        "current_period_end": datetime(2026, 1, 1, tzinfo=UTC),
    },
    "subscriptions_grace_check": {
        "status": "active",
        "grace_ends_at": datetime(2026, 1, 1, tzinfo=UTC),
    },
    "payment_webhook_events_processed_check": {"outcome": "applied", "processed_at": None},
    "payment_webhook_events_reason_check": {
        "outcome": "rejected",
        "processed_at": datetime(2026, 1, 1, tzinfo=UTC),
        "reason": None,
    },
}
EXPIRES_AT_CASE = {"is_synthetic": False, "expires_at": datetime.now(UTC) + timedelta(days=1)}


def make_row(conn: psycopg.Connection[Any], table: str) -> Callable[..., Any]:
    """A function inserting one otherwise valid row of `table` with the given overrides."""
    founder = f.user(conn)
    company = f.company(conn, founder)
    builders: dict[str, Callable[..., Any]] = {
        "users": lambda **kw: f.user(conn, **kw),
        "companies": lambda **kw: f.company(conn, founder, **kw),
        "investments": lambda **kw: f.investment(conn, f.user(conn, "vc"), company, **kw),
        "portfolio_metrics": lambda **kw: f.portfolio(conn, f.user(conn, "vc"), **kw),
        "esg_metrics": lambda **kw: f.esg(conn, company, **kw),
        "economic_impact": lambda **kw: f.impact(conn, company, **kw),
        "corporate_partnerships": lambda **kw: f.partnership(
            conn, f.user(conn, "corporate"), company, **kw
        ),
        "token_transactions": lambda **kw: f.token(conn, founder, **kw),
        "analytics_events": lambda **kw: f.event(conn, founder, **kw),
        "subscription_events": lambda **kw: f.subscription(conn, founder, **kw),
        "synthetic_templates": lambda **kw: f.insert(
            conn, "synthetic_templates", **({"name": f"t-{uuid.uuid4().hex[:12]}"} | kw)
        ),
        "funds": lambda **kw: f.fund(conn, f.user(conn, "vc"), **kw),
        "investment_cash_flows": lambda **kw: f.insert(
            conn,
            "investment_cash_flows",
            **(
                {
                    "investment_id": f.investment(conn, f.user(conn, "vc"), company),
                    "flow_date": date(2021, 1, 1),
                    "flow_type": "contribution",
                    "amount": 10,
                }
                | kw
            ),
        ),
        "valuation_marks": lambda **kw: f.insert(
            conn,
            "valuation_marks",
            **(
                {
                    "investment_id": f.investment(conn, f.user(conn, "vc"), company),
                    "mark_date": date(2021, 1, 1),
                    "holding_value": 10,
                }
                | kw
            ),
        ),
        "outbox": lambda **kw: f.insert(
            conn,
            "outbox",
            **({"user_id": founder, "dashboard": "startup", "entity": "x", "op": "insert"} | kw),
        ),
        "price_list": lambda **kw: f.insert(
            conn,
            "price_list",
            **({"product_code": f"p_{uuid.uuid4().hex[:12]}", "currency": "USD", "amount": 1} | kw),
        ),
        "fund_cash_flows": lambda **kw: f.insert(
            conn,
            "fund_cash_flows",
            **(
                {
                    "fund_id": f.fund(conn, f.user(conn, "vc")),
                    "flow_date": date(2021, 1, 1),
                    "flow_type": "management_fee",
                    "amount": 10,
                }
                | kw
            ),
        ),
        "currencies": lambda **kw: f.insert_plain(
            conn, "currencies", **({"code": "QQQ", "name": "Test currency"} | kw)
        ),
        "fx_rates": lambda **kw: f.insert(
            conn,
            "fx_rates",
            **({"rate_date": date(2024, 1, 2), "base": "EUR", "quote": "USD", "rate": 1.1} | kw),
        ),
        "job_runs": lambda **kw: f.insert_plain(
            conn, "job_runs", **({"job": "health-probe", "trigger": "manual", "ran_by": "t"} | kw)
        ),
        "idempotency_keys": lambda **kw: f.insert(
            conn,
            "idempotency_keys",
            **(
                {
                    "user_id": founder,
                    "idempotency_key": f"k-{uuid.uuid4().hex}",
                    "operation": "startup_record_interview",
                    "result": Jsonb({}),
                }
                | kw
            ),
        ),
        "tax_profiles": lambda **kw: f.insert_plain(
            conn, "tax_profiles", **({"user_id": f.user(conn, "angel")} | kw)
        ),
        "tax_lot_facts": lambda **kw: f.insert_plain(
            conn, "tax_lot_facts", **(_tax_fact(conn, company, "lot_id") | kw)
        ),
        "tax_disposal_facts": lambda **kw: f.insert_plain(
            conn,
            "tax_disposal_facts",
            **(_tax_fact(conn, company, "disposal_id") | {"shares": 1} | kw),
        ),
        "subscriptions": lambda **kw: f.insert_plain(
            conn,
            "subscriptions",
            **(
                {
                    "user_id": f.user(conn),
                    "tier": "pro",
                    "status": "active",
                    "started_at": datetime(2026, 1, 1, tzinfo=UTC),
                    "changed_at": datetime(2026, 1, 1, tzinfo=UTC),
                }
                | kw
            ),
        ),
        "billing_customers": lambda **kw: f.insert_plain(
            conn,
            "billing_customers",
            **(
                {
                    "provider": "stripe",
                    "customer_ref": f"cus_{uuid.uuid4().hex}",
                    "user_id": founder,
                }
                | kw
            ),
        ),
        "payment_webhook_events": lambda **kw: f.insert(
            conn,
            "payment_webhook_events",
            **(
                {
                    "provider": "stripe",
                    "event_id": f"evt_{uuid.uuid4().hex}",
                    "event_type": "invoice.paid",
                    "occurred_at": datetime(2026, 1, 1, tzinfo=UTC),
                    "payload": Jsonb({}),
                }
                | kw
            ),
        ),
        "audit_log": lambda **kw: conn.execute(
            "INSERT INTO auxeira.audit_log (action, entity) VALUES (%(action)s, 'test')",
            {"action": "test"} | kw,
        ),
    }
    return builders.get(table, _no_builder)


def _tax_fact(conn: psycopg.Connection[Any], company: uuid.UUID, key: str) -> dict[str, Any]:
    """The columns every tax fact row needs: its key, an investment and that investor."""
    investor = f.user(conn, "angel")
    return {
        key: uuid.uuid4(),
        "investment_id": f.investment(conn, investor, company),
        "investor_id": investor,
    }


def _no_builder(**_: Any) -> Any:
    raise LookupError("no row builder")


# The dashboard tables of 0004 test their constraints in tests/test_dash_*.py, next to the
# write functions that fill them.
DASHBOARD_TABLES = frozenset(
    re.findall(
        r"CREATE TABLE auxeira\.(\w+)", (migrations_dir() / "0004_dashboards.sql").read_text()
    )
)


def bad_value(type_name: str) -> Any:
    if type_name in ("integer", "bigint", "smallint") or type_name.startswith("numeric"):
        return -5  # below the lower bounds 0 and -1, and fits numeric(3,2)
    if type_name == "character varying(3)":
        return "XXX"  # currency codes
    if type_name.startswith(("character varying", "text")):
        return "bogus-value"  # not in any enumeration, matches no pattern
    if type_name == "jsonb":
        return psycopg.types.json.Jsonb("scalar")  # neither object nor array
    raise AssertionError(f"no generic bad value for type {type_name}")


def check_constraints(
    conn: psycopg.Connection[Any],
) -> list[tuple[str, str, str | None, str | None]]:
    """(table, constraint, column, column type) for every CHECK in auxeira; column when single."""
    return [
        (str(r[0]), str(r[1]), r[2], r[3])
        for r in conn.execute(
            """
            SELECT c.relname, con.conname,
                   CASE WHEN array_length(con.conkey, 1) = 1 THEN a.attname END,
                   CASE WHEN array_length(con.conkey, 1) = 1
                        THEN format_type(a.atttypid, a.atttypmod) END
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            WHERE con.contype = 'c' AND con.connamespace = 'auxeira'::regnamespace
              AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY 1, 2
            """
        )
    ]


def test_every_check_constraint_rejects_a_bad_value(conn: psycopg.Connection[Any]) -> None:
    constraints = check_constraints(conn)
    assert len(constraints) > 100
    tested = 0
    for table, name, column, type_name in constraints:
        if table in DASHBOARD_TABLES:
            continue
        if name in SPECIAL:
            overrides = SPECIAL[name]
        elif name.endswith("_expires_at_check"):
            overrides = EXPIRES_AT_CASE
        else:
            assert column is not None and type_name is not None, f"{name} needs a case in SPECIAL"
            overrides = {column: bad_value(type_name)}
        insert = make_row(conn, table)
        with pytest.raises(errors.CheckViolation) as raised, conn.transaction():
            insert(**overrides)
        assert raised.value.diag.constraint_name == name, (name, overrides)
        tested += 1
    assert tested == len([c for c in constraints if c[0] not in DASHBOARD_TABLES])


def test_uniqueness_and_foreign_keys(conn: psycopg.Connection[Any]) -> None:
    f.user(conn, email="Ada@Example.com")
    with pytest.raises(errors.UniqueViolation, match="idx_users_email"), conn.transaction():
        f.user(conn, email="ada@example.com")  # case-insensitive
    founder = f.user(conn)
    company = f.company(conn, founder)
    f.esg(conn, company, metric_date=date(2024, 5, 1))
    with pytest.raises(errors.UniqueViolation), conn.transaction():
        f.esg(conn, company, metric_date=date(2024, 5, 1))
    f.subscription(conn, founder, payment_reference="ps_123")
    with pytest.raises(errors.UniqueViolation), conn.transaction():
        f.subscription(conn, founder, payment_reference="ps_123")  # a webhook delivered twice
    with pytest.raises(errors.ForeignKeyViolation), conn.transaction():
        f.company(conn, founder, user_id="00000000-0000-0000-0000-000000000000")
    with pytest.raises(errors.ForeignKeyViolation), conn.transaction():
        conn.execute("DELETE FROM auxeira.users WHERE id = %s", (founder,))  # no silent cascade


def test_venture_sized_ratios_fit(conn: psycopg.Connection[Any]) -> None:
    founder, vc = f.user(conn), f.user(conn, "vc")
    company = f.company(conn, founder, growth_rate=12.5)
    investment = f.investment(
        conn,
        vc,
        company,
        irr=638226.12345678,
        moic=1250.5,
        tvpi=1250.5,
        dpi=900,
        exit_multiple=1000,
    )
    row = conn.execute(
        "SELECT irr, moic FROM auxeira.investments WHERE id = %s", (investment,)
    ).fetchone()
    assert row is not None and float(row[0]) == pytest.approx(638226.12345678)


def test_every_table_and_column_has_a_comment(conn: psycopg.Connection[Any]) -> None:
    missing = conn.execute(
        """
        SELECT c.relname || coalesce('.' || a.attname, '')
        FROM pg_class c
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = 'auxeira'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          AND coalesce(col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class')) IS NULL
        UNION ALL
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = 'auxeira'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          AND obj_description(c.oid, 'pg_class') IS NULL
        UNION ALL
        SELECT p.proname FROM pg_proc p
        WHERE p.pronamespace = 'auxeira'::regnamespace AND obj_description(p.oid, 'pg_proc') IS NULL
        """
    ).fetchall()
    assert missing == []


def test_updated_at_triggers_fire_on_every_table_that_has_the_column(
    conn: psycopg.Connection[Any],
) -> None:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "WHERE c.relnamespace = 'auxeira'::regnamespace AND c.relkind = 'r' "
            "AND a.attname = 'updated_at' ORDER BY 1"
        )
    ]
    assert len(tables) >= 7
    for table in [t for t in tables if t not in DASHBOARD_TABLES]:
        row_id = make_row(conn, table)()
        conn.execute(
            f"UPDATE auxeira.{table} SET updated_at = '2000-01-01', created_at = '2000-01-01'"
            " WHERE id = %s",
            (row_id,),
        )
        row = conn.execute(
            f"SELECT updated_at > now() - interval '1 minute', created_at FROM auxeira.{table}"
            " WHERE id = %s",
            (row_id,),
        ).fetchone()
        assert row is not None and row[0] is True, f"{table}: updated_at not maintained"
        assert row[1].year == 2000  # only updated_at is overwritten
