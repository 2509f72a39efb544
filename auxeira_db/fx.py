"""Exchange rates: loading auxeira.fx_rates from CSV files, idempotently.

Two layouts are read (docs/INVESTMENT-CONVENTIONS.md):

* long: a header ``date,base,quote,rate`` and one rate per line;
* the ECB's reference rates (``eurofxref-hist.csv`` / ``eurofxref.csv``): a header
  ``Date,USD,JPY,...`` and one line per day, each rate the units of that currency per EUR
  (``N/A`` and empty cells are skipped).

Every line is checked before anything is written (a bad file writes nothing). A rate already
recorded for its day and pair with the same value is skipped; a different value is recorded as
a restatement (a new row with a later ``recorded_at``: figures asked as reported before it keep
the old rate).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import psycopg

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated
from auxeira_db.errors import AuxeiraError

# Largest file read: the ECB's whole history since 1999 is about 1.5 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024


class RatesFileError(AuxeiraError):
    """A rates file that cannot be read or holds a bad line; nothing was written."""


@dataclass(frozen=True)
class Rate:
    rate_date: date
    base: str
    quote: str
    rate: Decimal


@dataclass(frozen=True)
class ImportResult:
    read: int  # rates in the file
    added: int  # days and pairs with no rate before
    restated: int  # a different rate recorded for a day and pair that had one
    unchanged: int  # the same rate already recorded: skipped


def _decimal(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RatesFileError(f"{where}: rate {text.strip()!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise RatesFileError(f"{where}: rate {text.strip()!r} must be greater than 0")
    return value


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RatesFileError(f"{where}: {text.strip()!r} is not a date (YYYY-MM-DD)") from None


def _code(text: str, where: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise RatesFileError(f"{where}: {text.strip()!r} is not an ISO 4217 currency code")
    return code


def parse_rates(text: str, name: str = "rates") -> list[Rate]:
    """The rates of a CSV text in either layout; RatesFileError names the first bad line."""
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise RatesFileError(f"{name} is empty: expected a header and at least one rate")
    header = [cell.strip().lower() for cell in rows[0]]
    rates: list[Rate] = []
    if header[:4] == ["date", "base", "quote", "rate"]:
        for n, row in enumerate(rows[1:], start=2):
            where = f"{name} line {n}"
            if len(row) < 4:
                raise RatesFileError(f"{where}: expected date,base,quote,rate")
            base, quote = _code(row[1], where), _code(row[2], where)
            if base == quote:
                raise RatesFileError(f"{where}: base and quote are both {base}")
            rates.append(Rate(_date(row[0], where), base, quote, _decimal(row[3], where)))
    elif header and header[0] == "date" and len(header) > 1:
        quotes = [_code(cell, f"{name} line 1") if cell else "" for cell in rows[0][1:]]
        for n, row in enumerate(rows[1:], start=2):
            where = f"{name} line {n}"
            day = _date(row[0], where)
            for quote, cell in zip(quotes, row[1:], strict=False):
                if not quote or not cell.strip() or cell.strip().upper() == "N/A":
                    continue
                if quote == "EUR":
                    continue
                rates.append(Rate(day, "EUR", quote, _decimal(cell, f"{where} ({quote})")))
    else:
        raise RatesFileError(
            f"{name}: unknown layout: the header must be date,base,quote,rate or the ECB's "
            "Date,USD,JPY,..."
        )
    if not rates:
        raise RatesFileError(f"{name} holds no rate")
    seen: dict[tuple[date, str, str], Decimal] = {}
    for r in rates:
        key = (r.rate_date, r.base, r.quote)
        if key in seen and seen[key] != r.rate:
            raise RatesFileError(
                f"{name}: two different {r.base}/{r.quote} rates for {r.rate_date.isoformat()}"
            )
        seen[key] = r.rate
    return rates


def read_rates_file(path: Path) -> list[Rate]:
    """parse_rates of a file, refusing unreadable, non-UTF-8 or oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RatesFileError(f"{path} is {size:,} bytes: at most {MAX_FILE_BYTES:,}")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RatesFileError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RatesFileError(f"{path} is not UTF-8 text") from None
    return parse_rates(text, str(path))


_IMPORT = """
WITH incoming AS (
    SELECT DISTINCT n.rate_date, n.base, n.quote, n.rate
    FROM unnest(%(dates)s::date[], %(bases)s::text[], %(quotes)s::text[], %(rates)s::numeric[])
        AS n(rate_date, base, quote, rate)
),
known AS (
    SELECT DISTINCT ON (r.rate_date, r.base, r.quote) r.rate_date, r.base, r.quote, r.rate
    FROM auxeira.fx_rates AS r
    JOIN incoming AS i USING (rate_date, base, quote)
    ORDER BY r.rate_date, r.base, r.quote, r.recorded_at DESC
),
written AS (
    INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate, source)
    SELECT i.rate_date, i.base, i.quote, i.rate, %(source)s
    FROM incoming AS i
    LEFT JOIN known AS k USING (rate_date, base, quote)
    WHERE k.rate IS DISTINCT FROM i.rate
    RETURNING rate_date, base, quote
)
SELECT (SELECT count(*) FROM incoming),
       (SELECT count(*) FROM written AS w
        WHERE NOT EXISTS (SELECT FROM known AS k
                          WHERE (k.rate_date, k.base, k.quote) = (w.rate_date, w.base, w.quote))),
       (SELECT count(*) FROM written AS w
        WHERE EXISTS (SELECT FROM known AS k
                      WHERE (k.rate_date, k.base, k.quote) = (w.rate_date, w.base, w.quote)))
"""


def import_rates(
    conn: psycopg.Connection[Any], rates: list[Rate], source: str = "import"
) -> ImportResult:
    """Record rates in one transaction (as the owner role: services cannot write rates).
    Unknown currencies are refused by name before anything is written."""
    require_connection(conn)
    if not source or len(source) > 50:
        raise RatesFileError("source must be 1 to 50 characters")
    codes = sorted({r.base for r in rates} | {r.quote for r in rates})
    with translated(), conn.transaction():
        known = {
            row[0]
            for row in conn.execute(
                "SELECT code FROM auxeira.currencies WHERE code = ANY(%s)", (codes,)
            )
        }
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise RatesFileError(
                f"unknown currency {', '.join(unknown)}: not in auxeira.currencies"
                " (add it there first)"
            )
        row = conn.execute(
            _IMPORT,
            {
                "dates": [r.rate_date for r in rates],
                "bases": [r.base for r in rates],
                "quotes": [r.quote for r in rates],
                "rates": [r.rate for r in rates],
                "source": source,
            },
        ).fetchone()
    assert row is not None
    read, added, restated = (int(x) for x in row)
    return ImportResult(read, added, restated, read - added - restated)
