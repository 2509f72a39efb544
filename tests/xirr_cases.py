"""Cash-flow sets for testing auxeira.xirr against an oracle (pyxirr).

Pure data, no fixtures: the tests that compare the SQL functions with pyxirr import it.

- ``generate_venture_cashflows(n, seed)``: ``n`` reproducible, venture-like sets of dated flows
  (investor's side: contributions negative, distributions and terminal value positive), with
  an initial cheque, follow-ons (some after a first distribution), partial exits and a final
  exit or terminal mark. Outcomes run from total write-offs through modest returns to
  10x-100x winners and quick flips; horizons reach 30 years and amounts range from cents to
  1e12. Some sets are shuffled or put several flows on one date.
- ``EDGE_CASES``: hand-picked ``(name, amounts, dates)`` cases, each described below.

Conventions shared with auxeira.xirr and pyxirr: Actual/365 from the earliest date. The sets
are in float; pass each amount to SQL as ``Decimal(repr(amount))`` so that the server sees the
same binary value pyxirr does.

pyxirr gives up (None) on about 1 % of the generated sets although they have a rate: its
Newton step stops on an absolute NPV tolerance, which large amounts and near-total losses
(a token amount back on a large investment, a rate close to -100 %) do not reach. Accept the
SQL rate there when the NPV at that rate is zero relative to the present values.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

Flows = tuple[list[float], list[date]]

_FIRST_DAY = date(1990, 1, 1)
_LAST_DAY = date(2054, 12, 31)


def _cents(amount: float) -> float:
    """Round to cents, keeping at least one cent of magnitude so no flow becomes zero."""
    rounded = round(amount, 2)
    if rounded == 0:
        return 0.01 if amount > 0 else -0.01
    return rounded


def _outcome(rng: random.Random) -> tuple[str, float]:
    """A venture outcome class and its total value multiple on the capital invested."""
    draw = rng.random()
    if draw < 0.08:
        return "wipeout", 0.0  # written off: no money back at all
    if draw < 0.25:
        return "loss", rng.uniform(0.0001, 0.6)
    if draw < 0.65:
        return "modest", rng.uniform(0.6, 3.0)
    if draw < 0.85:
        return "good", rng.uniform(3.0, 10.0)
    if draw < 0.96:
        return "home_run", rng.uniform(10.0, 100.0)
    return "flip", rng.uniform(1.2, 5.0)  # quick secondary sale, days to months


def _one_set(rng: random.Random) -> Flows:
    kind, multiple = _outcome(rng)
    scale = 10 ** rng.uniform(-2.0, 11.5)  # first cheque: from cents to ~3e11
    # a quick flip lasts days to months, other holdings half a year to 30 years
    horizon_days = rng.randint(10, 180) if kind == "flip" else int(365 * rng.uniform(0.5, 30.0))
    start = _FIRST_DAY + timedelta(days=rng.randint(0, 365 * 35))
    horizon_days = min(horizon_days, (_LAST_DAY - start).days)

    amounts: list[float] = []
    offsets: list[int] = []
    # initial investment, then follow-ons in the first part of the life
    amounts.append(-scale)
    offsets.append(0)
    follow_ons = 0 if kind == "flip" else rng.choice([0, 0, 1, 1, 2, 3, 4, 6])
    call_window = max(1, int(horizon_days * rng.uniform(0.1, 0.6)))
    for _ in range(follow_ons):
        amounts.append(-scale * rng.uniform(0.1, 1.5))
        offsets.append(rng.randint(1, call_window))
    invested = -sum(amounts)

    value = invested * multiple
    if value > 0:
        # partial distributions (some before late follow-ons), then an exit or terminal mark
        partials = 0 if kind == "flip" else rng.choice([0, 0, 1, 2, 3, 5, 8])
        first_exit = max(1, int(horizon_days * rng.uniform(0.2, 0.8)))
        weights = [rng.uniform(0.2, 1.0) for _ in range(partials)] + [rng.uniform(0.5, 3.0)]
        total_weight = sum(weights)
        for i, weight in enumerate(weights):
            amounts.append(value * weight / total_weight)
            if i == len(weights) - 1:
                offsets.append(horizon_days)
            else:
                offsets.append(rng.randint(first_exit, horizon_days))
    elif rng.random() < 0.25:
        # a written-off company sometimes returns a token amount (a few cents to a few units)
        amounts.append(rng.choice([0.01, 0.05, 1.0, 10.0]))
        offsets.append(horizon_days)

    if rng.random() < 0.1:
        # several flows on one date: a fee or second tranche paid with the first cheque
        amounts.append(-scale * rng.uniform(0.001, 0.05))
        offsets.append(0)

    flows = list(zip([_cents(a) for a in amounts], offsets, strict=True))
    if rng.random() < 0.3:
        rng.shuffle(flows)  # unsorted input
    else:
        flows.sort(key=lambda flow: flow[1])
    return [a for a, _ in flows], [start + timedelta(days=o) for _, o in flows]


def generate_venture_cashflows(n: int, seed: int) -> list[tuple[list[float], list[date]]]:
    """``n`` venture-like flow sets (amounts, dates), the same for the same ``seed``."""
    rng = random.Random(seed)
    return [_one_set(rng) for _ in range(n)]


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _ds(*texts: str) -> list[date]:
    return [_d(t) for t in texts]


def _many_flows() -> Flows:
    amounts: list[float] = []
    dates: list[date] = []
    for week in range(1500):
        if week < 600:
            amounts.append(-(1000.0 + week))
        elif week % 25 == 0:
            amounts.append(-(500.0 + week))
        else:
            amounts.append(900.0 + week / 2)
        dates.append(date(1995, 1, 2) + timedelta(days=7 * week))
    return amounts, dates


EXCEL_AMOUNTS = [-10000.0, 2750.0, 4250.0, 3250.0, 2750.0]
EXCEL_DATES = _ds("2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01")
EXCEL_XIRR = 0.373362535  # Excel's documented result for EXCEL_AMOUNTS / EXCEL_DATES

EDGE_CASES: list[tuple[str, list[float], list[date]]] = [
    # Excel's documented XIRR example: 0.373362535
    ("excel_example", EXCEL_AMOUNTS, EXCEL_DATES),
    # the same flows in another order: same rate
    (
        "unsorted",
        [2750.0, -10000.0, 2750.0, 4250.0, 3250.0],
        _ds("2009-04-01", "2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15"),
    ),
    # several flows on the same dates
    (
        "duplicate_dates",
        [-5000.0, -5000.0, 1375.0, 1375.0, 4250.0, 3250.0, 2750.0],
        _ds(
            "2008-01-01",
            "2008-01-01",
            "2008-03-01",
            "2008-03-01",
            "2008-10-30",
            "2009-02-15",
            "2009-04-01",
        ),
    ),
    # no inflow: no rate (NULL / None)
    ("all_negative", [-100.0, -50.0, -25.0], _ds("2020-01-01", "2020-06-01", "2021-01-01")),
    # no outflow: no rate
    ("all_positive", [100.0, 50.0], _ds("2020-01-01", "2021-01-01")),
    # one flow: no rate
    ("single_flow", [-1000.0], _ds("2020-01-01")),
    # nothing but zeros: no rate
    ("zeros", [0.0, 0.0, 0.0], _ds("2020-01-01", "2021-01-01", "2022-01-01")),
    # zero amounts among real flows change nothing
    (
        "zeros_among_flows",
        [-1000.0, 0.0, 0.0, 1500.0],
        _ds("2019-01-01", "2019-07-01", "2020-01-01", "2022-01-01"),
    ),
    # both signs but a single date: the NPV does not depend on the rate, no rate
    ("single_date", [-1000.0, 1500.0], _ds("2020-01-01", "2020-01-01")),
    # everything written off: no inflow at all, no rate
    ("total_loss", [-1_000_000.0, 0.0], _ds("2015-01-01", "2020-01-01")),
    # near-total loss: 1 back on 1,000,000 after five years, about -93.7 % a year
    ("near_total_loss", [-1_000_000.0, 1.0], _ds("2015-01-01", "2020-01-01")),
    # a dollar back on 1e12 after one year: -0.999999999999 (ln(1 + r) = -27.6)
    ("near_total_loss_extreme", [-1e12, 1.0], _ds("2015-01-01", "2016-01-01")),
    # a 30-year horizon with calls, distributions and a late exit
    (
        "thirty_year_horizon",
        [-2_000_000.0, -500_000.0, 300_000.0, 800_000.0, 12_000_000.0],
        _ds("1994-03-15", "1997-06-30", "2005-01-31", "2012-09-01", "2024-03-14"),
    ),
    # amounts of 1e12
    (
        "amounts_1e12",
        [-1e12, -5e11, 8e11, 2.1e12],
        _ds("2010-01-01", "2011-01-01", "2014-06-30", "2018-12-31"),
    ),
    # cent amounts
    (
        "cent_amounts",
        [-0.05, -0.02, 0.03, 0.07],
        _ds("2020-01-01", "2020-04-01", "2021-01-01", "2022-01-01"),
    ),
    # money back exactly: 0 %
    ("breakeven", [-100.0, 40.0, 60.0], _ds("2018-01-01", "2019-01-01", "2020-06-30")),
    # a loss: negative IRR
    ("negative_irr", [-1000.0, 200.0, 300.0], _ds("2018-01-01", "2019-01-01", "2021-01-01")),
    # tripling money in 30 days: 3 ** (365 / 30) - 1 = 638226.13...
    ("extreme_multiple_3x_30d", [-1.0, 3.0], _ds("2020-01-01", "2020-01-31")),
    # a 100x in ten years
    ("hundred_x", [-250_000.0, 25_000_000.0], _ds("2004-05-01", "2014-05-01")),
    # borrower's side: cash in first, repaid later (the NPV increases with the rate)
    (
        "loan_reverse_signs",
        [10_000.0, -5_500.0, -6_050.0],
        _ds("2020-01-01", "2021-01-01", "2022-01-01"),
    ),
    # a follow-on after the first distribution (signs change three times), one rate
    (
        "follow_on_after_distribution",
        [-1000.0, 400.0, -600.0, 2500.0],
        _ds("2015-01-01", "2017-01-01", "2018-01-01", "2021-01-01"),
    ),
    # two rates, 10 % and 20 % (365-day years): the one closest to 0 % is 10 %
    (
        "two_rates",
        [-100.0, 230.0, -132.0],
        _ds("2001-01-01", "2002-01-01", "2003-01-01"),
    ),
    # many flows: 1,500 weekly flows over 29 years, calls first, then distributions with a
    # small call every 25th week (the aggregate's state copies grow with the group)
    ("many_flows_weekly", *_many_flows()),
    # no sign change among many flows: 400 calls and nothing back, no rate
    (
        "many_flows_no_inflow",
        [-(100.0 + i) for i in range(400)],
        [date(2001, 1, 1) + timedelta(days=3 * i) for i in range(400)],
    ),
    # extreme rates: ten times the money in a week (1.39e52 a year, ln(1 + r) = 120) and
    # doubling it overnight (7.5e109, ln(1 + r) = 253)
    ("ten_x_in_a_week", [-1.0, 10.0], _ds("2020-01-01", "2020-01-08")),
    ("double_overnight", [-1.0, 2.0], _ds("2020-01-01", "2020-01-02")),
]
