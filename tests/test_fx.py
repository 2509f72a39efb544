"""Exchange rates: `auxeira-db fx import` (both layouts, idempotent, all-or-nothing) and the
look-up rules of auxeira.fx_rate (latest fixing within 7 days, inverse and cross rates, as
reported)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auxeira_db import cli

ECB = """Date,USD,JPY,GBP,NGN,
2024-03-01,1.0830,162.27,0.85525,N/A,
2024-02-29,1.0813,162.58,0.85515,1701.5,
"""


def run(db_url: str, *args: str) -> int:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--database-url", db_url, *args])
    code = exited.value.code
    return code if isinstance(code, int) else 1


def rates(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT rate_date, base, quote, rate FROM auxeira.fx_rates"
        " ORDER BY rate_date, quote, recorded_at"
    ).fetchall()


def test_the_ecb_layout_imports_once(
    conn: psycopg.Connection[Any], db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text(ECB)
    assert run(db_url, "fx", "import", str(path)) == 0
    assert "7 rates" in capsys.readouterr().err
    assert (date(2024, 2, 29), "EUR", "NGN", Decimal("1701.5")) in rates(conn)
    assert len(rates(conn)) == 7  # N/A skipped
    assert run(db_url, "--json", "fx", "import", str(path)) == 0  # idempotent
    assert '"unchanged": 7' in capsys.readouterr().out
    assert len(rates(conn)) == 7


def test_a_different_rate_is_a_restatement_and_as_reported_keeps_the_old(
    conn: psycopg.Connection[Any], db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("date,base,quote,rate\n2024-03-01,EUR,USD,1.0830\n")
    assert run(db_url, "fx", "import", str(path)) == 0
    (before,) = conn.execute("SELECT now()").fetchone() or (None,)
    path.write_text("date,base,quote,rate\n2024-03-01,EUR,USD,1.0900\n")
    assert run(db_url, "fx", "import", str(path)) == 0
    lookup = "SELECT auxeira.fx_rate('EUR', 'USD', DATE '2024-03-01', %s)"
    assert conn.execute(lookup, (None,)).fetchone() == (Decimal("1.0900"),)
    assert conn.execute(lookup, (before,)).fetchone() == (Decimal("1.0830"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,base,quote,rate\n2024-03-01,EUR,USD,abc\n", "line 3: rate 'abc' is not a number"),
        ("date,base,quote,rate\n2024-03-01,EUR,USD,-1\n", "must be greater than 0"),
        ("date,base,quote,rate\n2024-02-30,EUR,USD,1.1\n", "is not a date"),
        ("date,base,quote,rate\n2024-03-01,EUR,XYZ,1.1\n", "unknown currency XYZ"),
        ("when,what\n1,2\n", "unknown layout"),
        ("", "is empty"),
    ],
)
def test_a_bad_file_writes_nothing(
    conn: psycopg.Connection[Any],
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    message: str,
) -> None:
    path = tmp_path / "rates.csv"
    # a good line before the bad one: still nothing is written
    path.write_text(text.replace("rate\n", "rate\n2024-03-04,EUR,GBP,0.85\n", 1))
    assert run(db_url, "fx", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert rates(conn) == []


def test_missing_file_is_one_line(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_url, "fx", "import", "/nonexistent/rates.csv") == 1
    assert "cannot read /nonexistent/rates.csv" in capsys.readouterr().err


def test_lookup_rules(conn: psycopg.Connection[Any]) -> None:
    conn.execute(
        "INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate) VALUES"
        " ('2024-03-01', 'EUR', 'USD', 1.08), ('2024-03-01', 'EUR', 'NGN', 1700)"
    )
    lookup = "SELECT auxeira.fx_rate(%s, %s, %s)"
    # a Sunday uses Friday's fixing; inverse; cross through EUR
    assert conn.execute(lookup, ("EUR", "USD", date(2024, 3, 3))).fetchone() == (Decimal("1.08"),)
    inverse = conn.execute(lookup, ("USD", "EUR", date(2024, 3, 1))).fetchone()
    assert inverse is not None and inverse[0] == pytest.approx(Decimal(1) / Decimal("1.08"))
    cross = conn.execute(lookup, ("USD", "NGN", date(2024, 3, 1))).fetchone()
    assert cross is not None and cross[0] == pytest.approx(Decimal(1700) / Decimal("1.08"))
    assert conn.execute(lookup, ("KES", "KES", date(2024, 3, 1))).fetchone() == (1,)
    # more than 7 days old is no rate
    with pytest.raises(
        psycopg.errors.NoDataFound, match="no EUR to USD exchange rate on 2024-03-08"
    ):
        conn.execute(lookup, ("EUR", "USD", date(2024, 3, 8)))
