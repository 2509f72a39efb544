"""The synthetic ecosystem: one generator per table, streaming COPY text in chunks.

Every table is produced on its own, parents first, from per-entity random streams (see ids.py),
so nothing but a few compact per-company arrays is held in memory whatever the scale. Rows are
formatted as PostgreSQL COPY text directly (tab-separated, \\N for NULL): values come from
fixed pools, so no escaping is needed beyond what the pools already avoid (tabs, newlines,
backslashes).

The model, in short:
- founders own one company each; a company has a stage, an industry, a founding date, a
  12-month trajectory (revenue grows by the industry's growth range, staff hired quarterly,
  burn = revenue x burn multiple + staff x 8000, runway = cash / burn, SSE score), 12 monthly
  ESG measurements (industry baseline, gradual improvement) and 12 monthly economic-impact rows;
- VCs manage 1-3 funds; VCs and angels invest in companies after their founding date, with
  post-money = pre-money + amount and equity = amount / post-money; each investment has a
  contribution flow, perhaps a follow-on, a distribution when exited, and quarterly valuation
  marks ending in a 0 mark at exit or write-off; outcomes follow the stage performance patterns
  (most return < 1x, a few percent >= 10x); funds charge quarterly management fees;
- portfolio_metrics holds quarter-end snapshots per investor, written by SQL from those flows
  and marks (auxeira.snapshot_portfolio_metrics_history): no figure is computed here;
- corporates have partnerships; every account has a token ledger (streaks, multipliers, a
  running balance that never goes below 0), a subscription lifecycle and dashboard analytics;
- the tables of the six dashboards (daily actions, interviews, evidence, deals, LP report
  purchases, connections, syndicates, education programmes, policies, compliance, auctions
  and sealed bids) come from dashboards.py, on the same streams and ids.
"""

from __future__ import annotations

import bisect
import json
import math
import random
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from auxeira_db.synthetic import events as synthetic_events
from auxeira_db.synthetic import ids as I
from auxeira_db.synthetic.events import partitions_sql
from auxeira_db.synthetic.ids import Ids, iso
from auxeira_db.synthetic.options import USER_TYPES, Plan
from auxeira_db.synthetic.patterns import (
    AFRICAN_CURRENCIES,
    AGENCIES,
    CANCELLATION_REASONS,
    DESCRIPTIONS,
    FX,
    INDUSTRIES,
    NAME_TAILS,
    PAID_TIERS,
    ROMAN,
    STAGE_PATTERNS,
    STAGES,
    TIER_PRICE_USD,
    TOKEN_ACTIVITIES,
    TOKEN_SPENDS,
    VC_FIRM_TAILS,
    WHATS,
    WHOS,
)
from auxeira_db.synthetic.pools import build_pools

NULL = "\\N"
# the last two COPY columns of every table: synthetic rows carry their expiry
SYNTHETIC = ("is_synthetic", "expires_at")
# Synthetic exchange rates: the ledger's currencies other than USD, daily; every run walks
# from FX_EPOCH so that a day's rate does not depend on the run
FX_CURRENCIES = ("EUR", "GBP", "NGN", "KES")
FX_EPOCH = date(1970, 1, 1)
CHUNK_ROWS = 4000
MONTHS = 12
# the portfolio_metrics history the SQL writes for a run's investors: the last 8 quarter ends
# (two years) and the reference date. Each date is a pass of the SQL performance engine over
# the platform, the costliest part of a seed: quarterly, not monthly, for that reason.
SNAPSHOT_QUARTERS = 8
YEAR = 365.25


@dataclass(frozen=True)
class Table:
    """One table of the ecosystem: its columns and a generator of (COPY text, rows) chunks."""

    name: str
    columns: tuple[str, ...]
    chunks: Callable[[], Iterator[tuple[str, int]]]
    estimate: int
    # SQL run in the load transaction just before and just after this table's COPY
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def batched(lines: Iterator[list[str]]) -> Iterator[tuple[str, int]]:
    """COPY text in chunks of about CHUNK_ROWS rows, with their row counts: what a Table's
    `chunks` yields. Public: synthetic.dashboards builds its tables with it."""
    buf: list[str] = []
    for batch in lines:
        buf += batch
        if len(buf) >= CHUNK_ROWS:
            yield "".join(buf), len(buf)
            buf = []
    if buf:
        yield "".join(buf), len(buf)


# This module's call sites (the investment tables among them) keep the former name for now.
_batched = batched


def _money(x: float) -> str:
    return f"{x:.2f}"


def _opt(x: str | None) -> str:
    return NULL if x is None else x


def _consent(index: int, answered_on: str) -> str:
    """The founder's answer to a seeded relationship, as two COPY columns (founder_consent,
    founder_consent_at): mostly accepted, a few pending and rejected, by index (no draw from
    the random streams, so every other value of a seed stays what it was)."""
    if index % 29 == 7:
        return "pending\t\\N"
    if index % 29 == 19:
        return f"rejected\t{answered_on}"
    return f"accepted\t{answered_on}"


def _month_ends(as_of: date, n: int) -> list[int]:
    """The last n month ends on or before as_of, oldest first, as ordinals."""
    out: list[int] = []
    year, month = as_of.year, as_of.month
    first_next = date(year + (month == 12), month % 12 + 1, 1)
    end = first_next - timedelta(days=1)
    if end > as_of:
        end = date(year, month, 1) - timedelta(days=1)
    while len(out) < n:
        out.append(end.toordinal())
        end = date(end.year, end.month, 1) - timedelta(days=1)
    return out[::-1]


def _quarter_ends(as_of: date, years: int) -> list[int]:
    out: list[int] = []
    for year in range(as_of.year - years, as_of.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            o = date(year, month, day).toordinal()
            if o <= as_of.toordinal():
                out.append(o)
    return out


@dataclass(slots=True)
class Investment:
    index: int  # global investment counter (id suffix)
    company: int
    round: str
    day: int  # ordinal
    amount: float
    pre: float
    post: float
    fund: int  # global fund index or -1
    follow_day: int  # 0 = no follow-on
    follow_amount: float
    multiple: float  # final multiple of paid-in
    resolve_day: int  # exit or write-off day (may be after as_of: still active)
    status: str
    marks: list[tuple[int, float, float | None, str]]  # (day, holding, company value, source)
    currency: str = "USD"
    sale_day: int = 0  # a partial sale (secondary) before any exit; 0 = none
    sale_amount: float = 0.0
    proceeds_day: int = 0  # when the exit proceeds are paid (0 = on the exit day)
    restated: tuple[int, ...] = ()  # indexes of marks restated (entered again, later)
    restated_values: tuple[float, ...] = ()

    @property
    def paid_in(self) -> float:
        return self.amount + self.follow_amount

    @property
    def distribution(self) -> float:
        """The exit proceeds (what the holding left after any partial sale fetched)."""
        if self.status != "exited":
            return 0.0
        kept = 1.0 - self.sale_amount / max(self.sale_value, 1.0) if self.sale_day else 1.0
        return round(self.paid_in * self.multiple * kept, 2)

    @property
    def sale_value(self) -> float:
        """The holding's mark just before the partial sale."""
        value = self.amount
        for day, held, _, _ in self.marks:
            if day >= self.sale_day:
                break
            value = held
        return value


@dataclass(slots=True)
class Fund:
    index: int
    vintage: int
    committed: float
    fee: float
    carry: float
    hurdle: float
    currency: str
    name: str
    strategy: str


@dataclass(slots=True)
class Lifecycle:
    events: list[list[str]]  # row values without id, user_id and the synthetic tail
    event_days: list[int]
    tier: str
    status: str
    trial_ends: int  # ordinal, 0 = none
    cycle: str
    paid: bool


class Ecosystem:
    """All tables of one plan, generated on demand in load order."""

    def __init__(
        self,
        plan: Plan,
        expires_at: datetime,
        *,
        has_funds: bool,
        has_dashboards: bool = False,
        now: datetime | None = None,
    ) -> None:
        self.plan = plan
        self.has_dashboards = has_dashboards
        # the database clock when the seed runs: only the auctions of the corporate dashboard,
        # whose state the database derives from now(), are laid out around it (dashboards.py)
        self.now = now if now is not None else datetime.now(UTC)
        self.ids = Ids(plan.run_key)
        self.has_funds = has_funds
        self.as_of = plan.as_of
        self.today = plan.as_of.toordinal()
        self.expires_at = expires_at
        self.tail = f"\tt\t{expires_at.isoformat()}\n"
        self.month_ends = _month_ends(plan.as_of, MONTHS)
        self.quarter_ends = _quarter_ends(plan.as_of, 16)
        self.counts = {ut: plan.counts.get(ut, 0) for ut in USER_TYPES}
        self.n_companies = self.counts["founder"]
        self.rng = random.Random()
        # names, companies, places and e-mail domains: built with Faker once per run
        self.pools = build_pools(plan.seed)
        self.african_cities = self.pools.african_cities
        self.industry_idx = [list(INDUSTRIES).index(name) for name in plan.industries]
        self.industry_names = list(INDUSTRIES)
        self.stage_idx = [STAGES.index(s) for s in plan.stages]
        self._build_company_core()

    # --- ids -----------------------------------------------------------------------------

    def user_id(self, user_type: str, i: int) -> str:
        return self.ids.prefix(I.USERS + USER_TYPES.index(user_type)) + f"{i:012x}"

    def first_user_id(self) -> str:
        for ut in USER_TYPES:
            if self.counts[ut]:
                return self.user_id(ut, 0)
        raise AssertionError("empty plan")

    @staticmethod
    def _ugid(user_type: str, i: int) -> int:
        return (USER_TYPES.index(user_type) << 28) | i

    # --- companies: compact core arrays, everything else recomputed per pass ----------------

    def _build_company_core(self) -> None:
        n = self.n_companies
        rng = self.rng
        stage_weights = [(0.25, 0.35, 0.22, 0.12, 0.06)[s] for s in self.stage_idx]
        self.c_industry = bytearray(n)
        self.c_stage = bytearray(n)
        self.c_head = bytearray(n)
        self.c_tail = bytearray(n)
        self.c_city = bytearray(n)
        self.c_founded = array("l", bytes(8 * n))
        self.c_value = array("d", bytes(8 * n))
        for i in range(n):
            rng.seed(self.ids.stream(I.K_COMPANY, i))
            ind = self.industry_idx[int(rng.random() * len(self.industry_idx))]
            stage = rng.choices(self.stage_idx, stage_weights)[0]
            sp = STAGE_PATTERNS[STAGES[stage]]
            age = rng.uniform(sp.age_low, sp.age_high)
            value = math.exp(rng.uniform(math.log(sp.valuation_low), math.log(sp.valuation_high)))
            self.c_industry[i] = ind
            self.c_stage[i] = stage
            self.c_founded[i] = self.today - int(age * YEAR)
            self.c_value[i] = value
            self.c_head[i] = int(rng.random() * len(self.pools.company_heads))
            self.c_tail[i] = int(rng.random() * 5)
            self.c_city[i] = int(rng.random() * len(self.pools.cities))

    def _fill_sse_scores(self) -> str:
        """The SQL that scores this run's companies from the inputs COPY loaded."""
        first, last = self.company_id(0), self.company_id(self.n_companies - 1)
        return f"SELECT auxeira.fill_synthetic_sse_scores('{first}', '{last}')"

    def company_id(self, i: int) -> str:
        return self.ids.prefix(I.COMPANIES) + f"{i:012x}"

    def company_name(self, i: int) -> str:
        industry = self.industry_names[self.c_industry[i]]
        return f"{self.pools.company_heads[self.c_head[i]]} {NAME_TAILS[industry][self.c_tail[i]]}"

    def _trajectory(self, i: int) -> tuple[list[float], list[int], list[float], float]:
        """12 months of (revenue, employees, burn) and the annual growth rate; leaves the
        company's stream positioned for the company row's remaining draws."""
        rng = self.rng
        rng.seed(self.ids.stream(I.K_TRAJECTORY, i))
        p = INDUSTRIES[self.industry_names[self.c_industry[i]]]
        sp = STAGE_PATTERNS[STAGES[self.c_stage[i]]]
        employees = rng.randint(sp.employees_low, sp.employees_high)
        revenue = rng.uniform(sp.base_mrr_low, sp.base_mrr_high)
        growth = rng.uniform(p.growth_low, p.growth_high)
        revs: list[float] = []
        emps: list[int] = []
        burns: list[float] = []
        for month in range(MONTHS):
            revenue *= 1 + growth * (1 + rng.uniform(-0.2, 0.2)) / 12
            if month % 3 == 0:
                employees += max(1, int(employees * 0.15))
            revs.append(revenue)
            emps.append(employees)
            burns.append(revenue * p.burn_rate_multiple + employees * 8000)
        return revs, emps, burns, growth

    # COPY columns, in the order companies() writes them
    COMPANIES_COLUMNS = (
        "id",
        "user_id",
        "name",
        "description",
        "industry",
        "stage",
        "current_valuation",
        "previous_valuation",
        "funding_raised",
        "mrr",
        "arr",
        "employees",
        "burn_rate",
        "runway_months",
        "sse_score",
        "sse_score_history",
        "growth_rate",
        "churn_rate",
        "gross_margin",
        "location",
        "founded_date",
        "website",
        "logo_url",
        "verified",
        "verified_at",
        *SYNTHETIC,
    )

    def companies(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.COMPANIES)
        founder = self.ids.prefix(I.USERS + USER_TYPES.index("founder"))
        tail = self.tail
        rng = self.rng
        months = self.month_ends[-MONTHS:]
        # synthetic companies are verified, so that they count toward the published aggregates
        verified_at = iso(self.today)
        for i in range(self.n_companies):
            revs, emps, burns, growth = self._trajectory(i)
            industry = self.industry_names[self.c_industry[i]]
            p = INDUSTRIES[industry]
            sp = STAGE_PATTERNS[STAGES[self.c_stage[i]]]
            funding = math.exp(rng.uniform(math.log(sp.funding_low), math.log(sp.funding_high)))
            cash = funding * rng.uniform(0.15, 0.7)
            mrr = round(revs[-1], 2)
            burn = burns[-1]
            runway = int(cash / burn)
            # The SSE score's inputs per month; SQL turns them into scores after the COPY
            # (auxeira.fill_synthetic_sse_scores, the formula auxeira.sse_score): the seeder
            # adds only the assessment (market_and_team: the industry's bias and a team score).
            history = []
            for m in range(MONTHS):
                months_left = cash / burns[m] + (MONTHS - 1 - m) * 0.5
                assessment = p.sse_score_bias + rng.uniform(-5, 5)
                history.append(
                    f'{{"date": "{iso(months[m])}", "mrr": {revs[m]:.2f}, '
                    f'"growth_rate": {growth:.4f}, "runway_months": {months_left:.2f}, '
                    f'"burn_rate": {burns[m]:.2f}, "market_and_team": {assessment:.3f}}}'
                )
            value = self.c_value[i]
            head = self.pools.company_heads[self.c_head[i]]
            name_tail = NAME_TAILS[industry][self.c_tail[i]]
            description = DESCRIPTIONS[industry].format(
                what=WHATS[int(rng.random() * len(WHATS))], who=WHOS[int(rng.random() * len(WHOS))]
            )
            city = self.pools.cities[self.c_city[i]]
            cid = f"{prefix}{i:012x}"
            slug = f"{head}{name_tail}".lower().replace(" ", "").replace("/", "")
            yield [
                f"{cid}\t{founder}{i:012x}\t{head} {name_tail}\t{description}\t{industry}\t"
                f"{STAGES[self.c_stage[i]]}\t{value:.2f}\t{value / rng.uniform(1.2, 2.5):.2f}\t"
                f"{funding:.2f}\t{mrr:.2f}\t{mrr * 12:.2f}\t{emps[-1]}\t{burn:.2f}\t{runway}\t"
                f"\\N\t[{', '.join(history)}]\t{growth:.4f}\t"
                f"{rng.uniform(0.5, 6):.2f}\t"
                f"{rng.uniform(p.gross_margin_low, p.gross_margin_high):.2f}\t"
                f"{city[0]}, {city[1]}\t{iso(self.c_founded[i])}\t"
                f"https://{slug}-{i:x}.example.com\t"
                f"https://cdn.auxeira.example.com/logos/{cid}.png\tt\t{verified_at}{tail}"
            ]

    # COPY columns, in the order esg_metrics() writes them
    ESG_METRICS_COLUMNS = (
        "id",
        "company_id",
        "metric_date",
        "environmental_score",
        "social_score",
        "governance_score",
        "overall_esg_score",
        "carbon_footprint",
        "energy_consumption",
        "renewable_energy_percentage",
        "water_usage",
        "waste_generated",
        "employees_trained",
        "diversity_score",
        "gender_pay_gap",
        "board_diversity_score",
        "compliance_score",
        "transparency_score",
        *SYNTHETIC,
    )

    def esg_metrics(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.ESG)
        company = self.ids.prefix(I.COMPANIES)
        tail = self.tail
        rng = self.rng
        months = self.month_ends[-MONTHS:]
        for i in range(self.n_companies):
            _, emps, _, _ = self._trajectory(i)
            e0, s0, g0 = INDUSTRIES[self.industry_names[self.c_industry[i]]].esg
            rng.seed(self.ids.stream(I.K_ESG, i))
            gap = rng.uniform(-5, 25)
            board = rng.randint(20, 80)
            rows = []
            for m in range(MONTHS):
                improvement = m * 0.5
                variance = rng.uniform(-3, 5)
                env = min(100.0, e0 + improvement + variance)
                soc = min(100.0, s0 + improvement + variance)
                gov = min(100.0, g0 + improvement + variance)
                size = emps[m]
                rows.append(
                    f"{prefix}{(i << 5) | m:012x}\t{company}{i:012x}\t{iso(months[m])}\t"
                    f"{int(env)}\t{int(soc)}\t{int(gov)}\t{int((env + soc + gov) / 3)}\t"
                    f"{size * rng.uniform(2, 5):.2f}\t{size * rng.uniform(3000, 8000):.2f}\t"
                    f"{rng.uniform(20, 80):.2f}\t{size * rng.uniform(10, 40):.2f}\t"
                    f"{size * rng.uniform(0.1, 0.6):.2f}\t{int(size * rng.uniform(0.6, 0.9))}\t"
                    f"{rng.randint(60, 85)}\t{max(-100.0, gap - m * 0.3):.2f}\t"
                    f"{min(100, board + m // 4)}\t{rng.randint(70, 100)}\t"
                    f"{rng.randint(55, 95)}{tail}"
                )
            yield rows

    # COPY columns, in the order economic_impact() writes them
    ECONOMIC_IMPACT_COLUMNS = (
        "id",
        "company_id",
        "metric_date",
        "jobs_created",
        "jobs_supported",
        "tax_revenue_generated",
        "economic_multiplier",
        "gdp_contribution",
        "export_revenue",
        "r_and_d_spending",
        "patents_filed",
        "local_supplier_spend",
        "community_investment",
        *SYNTHETIC,
    )

    def economic_impact(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.IMPACT)
        company = self.ids.prefix(I.COMPANIES)
        tail = self.tail
        rng = self.rng
        months = self.month_ends[-MONTHS:]
        for i in range(self.n_companies):
            revs, emps, burns, _ = self._trajectory(i)
            industry = self.industry_names[self.c_industry[i]]
            rng.seed(self.ids.stream(I.K_IMPACT, i))
            export_share = rng.uniform(0, 0.4)
            patent_p = 0.08 if industry in ("AI/ML", "Healthcare", "Clean Energy") else 0.02
            previous = emps[0] - max(1, int(emps[0] * 0.13))
            rows = []
            for m in range(MONTHS):
                revenue, staff, burn = revs[m], emps[m], burns[m]
                multiplier = rng.uniform(1.2, 2.8)
                rows.append(
                    f"{prefix}{(i << 5) | m:012x}\t{company}{i:012x}\t{iso(months[m])}\t"
                    f"{max(0, staff - previous)}\t{int(staff * rng.uniform(1.5, 3.0))}\t"
                    f"{revenue * rng.uniform(0.05, 0.15) + staff * 800:.2f}\t{multiplier:.2f}\t"
                    f"{revenue * multiplier:.2f}\t{revenue * export_share:.2f}\t"
                    f"{burn * rng.uniform(0.1, 0.35):.2f}\t{int(rng.random() < patent_p)}\t"
                    f"{burn * rng.uniform(0.05, 0.2):.2f}\t{revenue * rng.uniform(0, 0.02):.2f}"
                    f"{tail}"
                )
                previous = staff
            yield rows

    # --- users and their lifecycles ----------------------------------------------------------

    def _user_core(self, user_type: str, i: int) -> tuple[int, int]:
        """(signup day, city index) of an account; reseeds the shared stream."""
        rng = self.rng
        rng.seed(self.ids.stream(I.K_USER, self._ugid(user_type, i)))
        signup = self.today - rng.randint(20, 1100)
        city = (
            self.c_city[i] if user_type == "founder" else int(rng.random() * len(self.pools.cities))
        )
        return signup, city

    def _lifecycle(self, user_type: str, i: int, signup: int, city: int) -> Lifecycle:
        """trial_started -> subscribed -> renewed / upgraded / downgraded / payment_failed
        (grace period) -> renewed or cancelled; the account's final tier and status."""
        rng = self.rng
        ugid = self._ugid(user_type, i)
        rng.seed(self.ids.stream(I.K_SUBSCRIPTION, ugid))
        currency = self.pools.cities[city][2]
        provider = "paystack" if currency in AFRICAN_CURRENCIES else "stripe"
        ref_prefix = f"{'PSK' if provider == 'paystack' else 'ch'}_{self.ids.tag}{ugid:x}_"
        fx = FX[currency]
        cycle = "annual" if rng.random() < 0.25 else "monthly"
        period = 365 if cycle == "annual" else 30
        events: list[list[str]] = []
        days: list[int] = []
        today = self.today
        tier, trial_ends, paid = "free", 0, False

        def price(t: str) -> str:
            return f"{TIER_PRICE_USD[t] * fx * (10 if cycle == 'annual' else 1):.2f}"

        def add(
            day: int,
            kind: str,
            old: str | None,
            new: str | None,
            amount: str | None,
            trial: str | None = None,
            grace: str | None = None,
            nxt: int = 0,
            reason: str | None = None,
        ) -> None:
            ref = f"{ref_prefix}{len(events)}" if amount is not None else None
            events.append(
                [
                    kind,
                    _opt(old),
                    _opt(new),
                    _opt(amount),
                    currency,
                    provider if amount is not None else NULL,
                    _opt(ref),
                    cycle,
                    _opt(trial),
                    _opt(grace),
                    iso(nxt) if nxt else NULL,
                    _opt(reason),
                ]
            )
            days.append(day)

        roll = rng.random()
        start = 0
        if roll < 0.7:
            trial_tier = "pro" if rng.random() < 0.6 else "starter"
            trial_ends = signup + 14
            add(signup, "trial_started", "free", trial_tier, None, trial="14")
            if today < trial_ends:
                return Lifecycle(events, days, trial_tier, "trialing", trial_ends, cycle, False)
            if rng.random() < 0.55:
                tier, start = trial_tier, trial_ends
            else:
                return Lifecycle(events, days, "free", "expired", trial_ends, cycle, False)
        elif roll < 0.85:
            tier = PAID_TIERS[rng.choices((0, 1, 2), (0.5, 0.4, 0.1))[0]]
            start = signup + rng.randint(0, 60)
            if start > today:
                return Lifecycle(events, days, "free", "active", 0, cycle, False)
        else:
            return Lifecycle(events, days, "free", "active", 0, cycle, False)
        paid = True
        add(start, "subscribed", "free", tier, price(tier), nxt=start + period)
        due = start + period
        while due <= today and len(events) < 480:
            r = rng.random()
            if r < 0.03:
                day = due - rng.randint(1, 20)
                add(
                    day,
                    "cancelled",
                    tier,
                    "free",
                    None,
                    reason=CANCELLATION_REASONS[int(rng.random() * 5)],
                )
                return Lifecycle(events, days, "free", "cancelled", trial_ends, cycle, paid)
            if r < 0.08:
                add(due, "payment_failed", tier, tier, price(tier), grace="7", nxt=due + 7)
                if due + 7 > today:
                    return Lifecycle(events, days, tier, "past_due", trial_ends, cycle, paid)
                if rng.random() < 0.3:
                    add(due + 7, "cancelled", tier, "free", None, reason="payment failed")
                    return Lifecycle(events, days, "free", "cancelled", trial_ends, cycle, paid)
                retry = due + rng.randint(1, 6)
                add(retry, "renewed", tier, tier, price(tier), nxt=due + period)
            elif r < 0.12 and tier != "enterprise":
                new = PAID_TIERS[PAID_TIERS.index(tier) + 1]
                add(due, "upgraded", tier, new, price(new), nxt=due + period)
                tier = new
            elif r < 0.14 and tier != "starter":
                new = PAID_TIERS[PAID_TIERS.index(tier) - 1]
                add(due, "downgraded", tier, new, price(new), nxt=due + period)
                tier = new
            else:
                add(due, "renewed", tier, tier, price(tier), nxt=due + period)
            due += period
        return Lifecycle(events, days, tier, "active", trial_ends, cycle, paid)

    def _firm(self, user_type: str, i: int) -> str | None:
        rng = random.Random(self.ids.stream(I.K_FIRM, self._ugid(user_type, i)))
        pools = self.pools
        if user_type == "vc":
            head = pools.company_heads[int(rng.random() * len(pools.company_heads))]
            return f"{head} {VC_FIRM_TAILS[int(rng.random() * 6)]}"
        if user_type == "corporate":
            return pools.corporates[int(rng.random() * len(pools.corporates))]
        if user_type == "government":
            city = pools.cities[int(rng.random() * len(pools.cities))]
            return f"{city[1]} {AGENCIES[int(rng.random() * len(AGENCIES))]}"
        if user_type == "esg":
            return pools.esg_orgs[int(rng.random() * len(pools.esg_orgs))]
        return None

    # COPY columns, in the order users() writes them
    USERS_COLUMNS = (
        "id",
        "email",
        "user_type",
        "company_name",
        "company_size",
        "industry",
        "subscription_tier",
        "subscription_status",
        "trial_ends_at",
        "billing_cycle",
        "payment_method_id",
        "profile_completion_score",
        "last_login_at",
        "created_at",
        *SYNTHETIC,
    )

    def users(self) -> Iterator[list[str]]:
        tail = self.tail
        tag = self.ids.tag
        email_first, email_last = self.pools.email_first_names, self.pools.email_last_names
        domains = self.pools.email_domains
        for ut_index, ut in enumerate(USER_TYPES):
            prefix = self.ids.prefix(I.USERS + ut_index)
            for i in range(self.counts[ut]):
                signup, city = self._user_core(ut, i)
                rng = self.rng
                first = email_first[int(rng.random() * len(email_first))]
                last = email_last[int(rng.random() * len(email_last))]
                domain = domains[int(rng.random() * len(domains))]
                profile = rng.randint(35, 100)
                last_login = min(self.today, max(signup, self.today - rng.randint(0, 45)))
                login_time = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+00"
                signup_time = f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+00"
                if ut == "founder":
                    org: str | None = self.company_name(i)
                    industry: str | None = self.industry_names[self.c_industry[i]]
                    size = "growth" if self.c_stage[i] >= 3 else "startup"
                else:
                    org = self._firm(ut, i)
                    industry = None
                    size = {"vc": "growth", "angel": "startup", "esg": "growth"}.get(
                        ut, "enterprise"
                    )
                life = self._lifecycle(ut, i, signup, city)
                ugid = self._ugid(ut, i)
                email = f"{first}.{last}.{tag}{ugid:x}@{domain}".lower()
                yield [
                    f"{prefix}{i:012x}\t{email}\t{ut}\t{_opt(org)}\t{size}\t{_opt(industry)}\t"
                    f"{life.tier}\t{life.status}\t"
                    f"{iso(life.trial_ends) + ' 00:00:00+00' if life.trial_ends else NULL}\t"
                    f"{life.cycle}\t{'pm_' + tag + format(ugid, 'x') if life.paid else NULL}\t"
                    f"{profile}\t{iso(last_login)} {login_time}\t{iso(signup)} {signup_time}"
                    f"{tail}"
                ]

    # COPY columns, in the order subscription_events() writes them
    SUBSCRIPTION_EVENTS_COLUMNS = (
        "id",
        "user_id",
        "event_type",
        "old_tier",
        "new_tier",
        "amount",
        "currency",
        "payment_provider",
        "payment_reference",
        "billing_cycle",
        "trial_days",
        "grace_period_days",
        "next_billing_date",
        "cancellation_reason",
        "created_at",
        *SYNTHETIC,
    )

    def subscription_events(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.SUBSCRIPTIONS)
        tail = self.tail
        for ut in USER_TYPES:
            user = self.ids.prefix(I.USERS + USER_TYPES.index(ut))
            for i in range(self.counts[ut]):
                signup, city = self._user_core(ut, i)
                life = self._lifecycle(ut, i, signup, city)
                ugid = self._ugid(ut, i)
                rows = []
                for k, (values, day) in enumerate(zip(life.events, life.event_days, strict=True)):
                    rows.append(
                        f"{prefix}{(ugid << 9) | k:012x}\t{user}{i:012x}\t{chr(9).join(values)}\t"
                        f"{iso(day)} {9 + k % 12:02d}:{(k * 7) % 60:02d}:00+00{tail}"
                    )
                yield rows

    # COPY columns, in the order token_transactions() writes them
    TOKEN_TRANSACTIONS_COLUMNS = (
        "id",
        "user_id",
        "transaction_type",
        "amount",
        "multiplier",
        "reason",
        "activity_type",
        "streak_count",
        "quality_score",
        "region_multiplier",
        "stage_multiplier",
        "consistency_multiplier",
        "total_tokens_after",
        "created_at",
        *SYNTHETIC,
    )

    def token_transactions(self) -> Iterator[list[str]]:
        """A ledger per account: earned/bonus > 0, spent/penalty < 0, balance never below 0.

        The rules of auxeira.token_rules() and the price list hold: a redemption costs its full
        TOK price and needs the balance to cover it; a penalty takes at most the balance.
        """
        prefix = self.ids.prefix(I.TOKENS)
        tail = self.tail
        rng = self.rng
        today = self.today
        for ut in USER_TYPES:
            user = self.ids.prefix(I.USERS + USER_TYPES.index(ut))
            for i in range(self.counts[ut]):
                signup, city = self._user_core(ut, i)
                ugid = self._ugid(ut, i)
                rng.seed(self.ids.stream(I.K_TOKENS, ugid))
                region = (
                    (1.2 if rng.random() < 0.5 else 1.5) if city in self.african_cities else 1.0
                )
                stage = (1.3, 1.2, 1.1, 1.0, 1.0)[self.c_stage[i]] if ut == "founder" else 1.0
                n = rng.randint(8, 40)
                gap_mean = max(1.0, (today - signup) / n)
                day = float(signup)
                balance = streak = 0
                last = signup
                rows = []
                k = 0
                while k < n:
                    day += rng.expovariate(1 / gap_mean)
                    if day > today:
                        break
                    d = int(day)
                    streak = streak + 1 if d - last <= 8 else 1
                    last = d
                    r = rng.random()
                    consistency = 1 + min(streak, 10) * 0.05
                    # a redemption costs its full list price (auxeira.price_list, currency
                    # TOK), so it happens only when the balance covers it
                    spend = TOKEN_SPENDS[int(rng.random() * 3)] if r < 0.12 else None
                    if spend is not None and balance >= spend[2]:
                        activity, reason, cost = spend
                        amount = -cost
                        kind, mult, quality, cons = "spent", 1.0, NULL, 1.0
                    elif r < 0.14 and balance > 0:
                        activity, reason = "policy_violation", "Reversal of a duplicate reward"
                        amount = -min(balance, rng.randint(5, 50))
                        kind, mult, quality, cons = "penalty", 1.0, NULL, 1.0
                    elif streak in (4, 8, 12, 20) and r < 0.6:
                        activity, reason = "streak_bonus", f"{streak}-period streak bonus"
                        mult = min(9.99, round(region * stage * consistency, 2))
                        amount = max(1, round(25 * mult))
                        kind, quality, cons = "bonus", NULL, consistency
                    else:
                        activity, reason, base = TOKEN_ACTIVITIES[int(rng.random() * 6)]
                        mult = min(9.99, round(region * stage * consistency, 2))
                        amount = max(1, round(base * mult))
                        kind, quality, cons = "earned", str(rng.randint(50, 100)), consistency
                    balance += amount
                    minute = int((day - d) * 1440)
                    rows.append(
                        f"{prefix}{(ugid << 10) | k:012x}\t{user}{i:012x}\t{kind}\t{amount}\t"
                        f"{mult:.2f}\t{reason}\t{activity}\t{streak}\t{quality}\t{region:.2f}\t"
                        f"{stage:.2f}\t{cons:.2f}\t{balance}\t"
                        f"{iso(d)} {minute // 60:02d}:{minute % 60:02d}:{k % 60:02d}+00"
                        f"{tail}"
                    )
                    k += 1
                yield rows

    # COPY columns, in the order analytics_events() writes them
    ANALYTICS_EVENTS_COLUMNS = (
        "id",
        "user_id",
        "event_type",
        "event_category",
        "event_data",
        "dashboard_type",
        "feature_name",
        "session_id",
        "ip_address",
        "user_agent",
        "referrer",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "device_type",
        "browser",
        "os",
        "country",
        "city",
        "created_at",
        *SYNTHETIC,
    )

    def analytics_events(self) -> Iterator[list[str]]:
        # sessions along a retention curve: auxeira_db/synthetic/events.py
        return synthetic_events.analytics_events(self)

    # --- funds and investments -------------------------------------------------------------

    def funds_of(self, k: int) -> list[Fund]:
        rng = random.Random(self.ids.stream(I.K_FUNDS, k))
        n = rng.choices((1, 2, 3, 4), (0.25, 0.35, 0.25, 0.15))[0]
        latest = self.as_of.year - rng.randint(1, 4)
        firm = self._firm("vc", k) or "Fund"
        funds = []
        size = math.exp(rng.uniform(math.log(2e7), math.log(1.5e8)))
        vintages = [latest - 3 * (n - 1 - f) for f in range(n)]
        for f, vintage in enumerate(vintages):
            currency = rng.choice(("USD", "USD", "USD", "EUR", "GBP"))
            industry = self.plan.industries[int(rng.random() * len(self.plan.industries))]
            funds.append(
                Fund(
                    index=(k << 3) | f,
                    vintage=vintage,
                    committed=round(size * (1.6**f) * FX[currency], -3),
                    fee=rng.choice((2.0, 2.0, 2.5, 1.75)),
                    carry=rng.choice((20.0, 20.0, 25.0)),
                    hurdle=rng.choice((8.0, 8.0, 6.0, 0.0)),
                    currency=currency,
                    name=f"{firm} {ROMAN[f]}",
                    strategy=f"{industry}, {self.plan.stages[0]} to {self.plan.stages[-1]}",
                )
            )
        return funds

    # COPY columns, in the order fx_rates() writes them
    FX_RATES_COLUMNS = (
        "id",
        "rate_date",
        "base",
        "quote",
        "rate",
        "source",
        *SYNTHETIC,
    )

    def fx_rates(self) -> Iterator[list[str]]:
        """Daily USD rates of the currencies this run's holdings use, from a week before the
        first such holding to the reference date and on to the data's expiry (synthetic
        holdings are read as of today for as long as they live): a mean-reverting random walk
        around FX, seeded by the currency alone, so that every run (whatever its seed or size)
        writes the same rate for a day."""
        first: dict[str, int] = {}
        for ut, k, funds in self._investors():
            for inv in self.portfolio(ut, k, funds):
                if inv.currency != "USD":
                    first[inv.currency] = min(first.get(inv.currency, inv.day), inv.day)
        end = max(self.today, self.now.date().toordinal())
        last = max(end, min(self.expires_at.date().toordinal(), end + 3660))
        tail = self.tail
        prefix = self.ids.prefix(I.FX_RATES)
        for c, code in enumerate(FX_CURRENCIES):
            if code not in first:
                continue
            rng = random.Random(f"auxeira-fx-{code}")
            anchor = math.log(FX[code])
            x = anchor
            rows = []
            for day in range(FX_EPOCH.toordinal(), last + 1):
                x += 0.004 * rng.gauss(0.0, 1.0) + 0.002 * (anchor - x)
                if day >= first[code] - 7:
                    rows.append(
                        f"{prefix}{c << 24 | day:012x}\t{iso(day)}\tUSD\t{code}\t"
                        f"{math.exp(x):.6f}\tsynthetic{tail}"
                    )
            yield rows

    def investor_key(self, user_type: str, k: int) -> int:
        return k if user_type == "vc" else (1 << 24) | k

    def known(self, day: int, lag: int) -> str:
        """When a ledger row dated `day` was entered: `lag` days later, never after the
        reference date (the knowledge time of as_reported figures)."""
        return f"{iso(min(day + lag, self.today))} 12:00:00+00"

    def portfolio(self, user_type: str, k: int, funds: list[Fund]) -> list[Investment]:
        """The investments of one VC or angel, with their flows and marks."""
        rng = self.rng
        key = self.investor_key(user_type, k)
        rng.seed(self.ids.stream(I.K_PORTFOLIO, key))
        plan = self.plan
        span = plan.investments_per_vc if user_type == "vc" else plan.investments_per_angel
        n = rng.randint(int(span.low), int(span.high))
        earliest = (
            date(funds[0].vintage, 1, 1).toordinal() if funds else self.today - int(10 * YEAR)
        )
        today = self.today
        quarters = self.quarter_ends
        out: list[Investment] = []
        # an angel invests in one currency: most in USD, some in their market's
        angel_currency = "USD"
        if user_type == "angel" and rng.random() < 0.25:
            angel_currency = rng.choice(("GBP", "EUR", "NGN", "KES"))
        for j in range(n):
            # a date first (spread over the investor's history), then a company founded before
            # it: today's later-stage companies are the early rounds of years ago
            end = today - 30
            day = earliest + int((end - earliest) * rng.random())
            company = -1
            for _ in range(8):
                c = int(rng.random() * self.n_companies)
                if self.c_founded[c] + 45 <= day:
                    company = c
                    break
            if company < 0:  # no such company: any company, at a date after its founding
                company = int(rng.random() * self.n_companies)
                start = max(self.c_founded[company] + 45, earliest)
                if start >= end:
                    continue
                day = start + int((end - start) * rng.random())
            founded = self.c_founded[company]
            stage = self.c_stage[company]
            frac = (day - founded) / max(1, today - founded)
            round_index = min(stage, int(frac * (stage + 1)))
            rnd = STAGES[round_index]
            sp = STAGE_PATTERNS[rnd]
            post_guess = math.exp(
                rng.uniform(math.log(sp.valuation_low), math.log(sp.valuation_high))
            )
            if plan.investment_amount is not None:
                low, high = plan.investment_amount.low, plan.investment_amount.high
            elif user_type == "vc":
                low, high = sp.vc_cheque_low, sp.vc_cheque_high
            else:
                low, high = sp.angel_cheque_low, sp.angel_cheque_high
            amount = round(math.exp(rng.uniform(math.log(low), math.log(high))), 2)
            pre = round(max(post_guess - amount, amount * 1.5), 2)
            post = round(pre + amount, 2)
            fund = -1
            currency = angel_currency
            for f in funds:
                if date(f.vintage, 1, 1).toordinal() <= day:
                    fund, currency = f.index, f.currency
            if currency != "USD" and plan.investment_amount is None:
                # the stage's USD cheque in the fund's (or angel's) currency; a template's
                # amounts are taken as they are, in the holding's currency
                amount, pre = round(amount * FX[currency], 2), round(pre * FX[currency], 2)
                post = round(pre + amount, 2)
            # outcome: stage performance (P(>= 1x) = success rate + 0.12), heavy right tail
            if rng.random() < sp.success_rate + 0.12:
                if rng.random() < sp.home_run:
                    multiple = math.exp(rng.uniform(math.log(10), math.log(60)))
                else:
                    multiple = 1 + 9 * rng.random() ** 2.2
            elif rng.random() < 0.55:
                multiple = 0.0
            else:
                multiple = rng.uniform(0.05, 0.95)
            years = sp.time_to_exit * rng.uniform(0.3, 1.2)
            resolve = day + max(60, int(years * YEAR))
            follow_day, follow_amount = 0, 0.0
            if rng.random() < (0.35 if user_type == "vc" else 0.15):
                fd = day + rng.randint(240, 720)
                if fd < resolve and fd <= today:
                    follow_day, follow_amount = fd, round(amount * rng.uniform(0.25, 1.0), 2)
            resolved = "exited" if multiple > 0 else "written-off"
            status = resolved if resolve <= today else "active"
            # marks: at cost on the investment day, quarterly (audited at year end), a round
            # mark at the follow-on, and 0 at the exit (after the distribution) or write-off
            horizon = resolve - day
            marks: list[tuple[int, float, float | None, str]] = [(day, amount, post, "round")]
            log_m = math.log(multiple) if multiple > 0 else 0.0
            stop = min(resolve - 1, today)
            q = bisect.bisect_right(quarters, day)
            points = [
                (qd, "audit" if iso(qd).endswith("12-31") else "manager")
                for qd in quarters[q:]
                if qd <= stop
            ]
            if follow_day:
                points = [pt for pt in points if pt[0] != follow_day]
                bisect.insort(points, (follow_day, "round"))
            for pd, source in points[:110]:
                x = (pd - day) / horizon
                m = math.exp(log_m * x**1.3) if multiple > 0 else max(0.02, 1 - x**1.2)
                m *= math.exp(rng.uniform(-0.12, 0.12))
                held = amount + (follow_amount if follow_day and follow_day <= pd else 0.0)
                marks.append((pd, round(held * m, 2), round(post * m, 2), source))
            # a partial sale (secondary) between two marks, and the later marks of what is left
            sale_day, sale_amount = 0, 0.0
            held_marks = [m for m in marks if m[0] > day + 365]
            if held_marks and rng.random() < (0.12 if user_type == "vc" else 0.06):
                at = held_marks[int(rng.random() * len(held_marks))]
                sd = at[0] + rng.randint(10, 80)
                if sd < stop and at[1] > 0:
                    fraction = rng.uniform(0.15, 0.4)
                    sale_day, sale_amount = sd, round(at[1] * fraction, 2)
                    marks = [
                        (d, round(h * (1 - fraction), 2), v, src) if d >= sd else (d, h, v, src)
                        for d, h, v, src in marks
                    ]
            # exit proceeds paid on the exit day, or (one exit in three) up to 90 days later
            proceeds_day = 0
            if status == "exited" and rng.random() < 0.33:
                proceeds_day = resolve + rng.randint(20, 90)
            # a few manager marks restated later (entered again for the same day)
            restated = tuple(
                n
                for n, m in enumerate(marks)
                if m[3] == "manager" and m[0] + 60 <= today and rng.random() < 0.03
            )
            restated_values = tuple(round(marks[n][1] * rng.uniform(0.8, 1.1), 2) for n in restated)
            if status == "exited":
                marks.append((resolve, 0.0, round(post * multiple, 2), "exit"))
            elif status == "written-off":
                marks.append((resolve, 0.0, None, "write-off"))
            out.append(
                Investment(
                    index=(key << 12) | j,
                    company=company,
                    round=rnd,
                    day=day,
                    amount=amount,
                    pre=pre,
                    post=post,
                    fund=fund,
                    follow_day=follow_day,
                    follow_amount=follow_amount,
                    multiple=multiple,
                    resolve_day=resolve,
                    status=status,
                    marks=marks,
                    currency=currency,
                    sale_day=sale_day,
                    sale_amount=sale_amount,
                    proceeds_day=proceeds_day,
                    restated=restated,
                    restated_values=restated_values,
                )
            )
        return out

    def _investors(self) -> Iterator[tuple[str, int, list[Fund]]]:
        for ut in ("vc", "angel"):
            for k in range(self.counts[ut]):
                yield ut, k, (self.funds_of(k) if ut == "vc" and self.has_funds else [])

    # COPY columns, in the order funds() writes them
    FUNDS_COLUMNS = (
        "id",
        "manager_id",
        "name",
        "vintage_year",
        "committed_capital",
        "management_fee_percentage",
        "carried_interest_percentage",
        "hurdle_rate_percentage",
        "currency",
        "strategy",
        *SYNTHETIC,
    )

    def funds(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.FUNDS)
        manager = self.ids.prefix(I.USERS + USER_TYPES.index("vc"))
        tail = self.tail
        for k in range(self.counts["vc"]):
            yield [
                f"{prefix}{f.index:012x}\t{manager}{k:012x}\t{f.name}\t{f.vintage}\t"
                f"{f.committed:.2f}\t{f.fee:.2f}\t{f.carry:.2f}\t{f.hurdle:.2f}\t{f.currency}\t"
                f"{f.strategy}{tail}"
                for f in self.funds_of(k)
            ]

    # COPY columns, in the order fund_cash_flows() writes them
    FUND_CASH_FLOWS_COLUMNS = (
        "id",
        "fund_id",
        "flow_date",
        "flow_type",
        "amount",
        "note",
        "currency",
        *SYNTHETIC,
    )

    def fund_cash_flows(self) -> Iterator[list[str]]:
        """Quarterly management fees (stepping down to 75 % after the investment period) and a
        yearly fund-expense charge, from the vintage to the reference date."""
        prefix = self.ids.prefix(I.FUND_FLOWS)
        fund_prefix = self.ids.prefix(I.FUNDS)
        tail = self.tail
        today = self.today
        for k in range(self.counts["vc"]):
            rows = []
            for f in self.funds_of(k):
                n = 0
                for year in range(f.vintage, self.as_of.year + 1):
                    for quarter, month in enumerate((1, 4, 7, 10)):
                        day = date(year, month, 1).toordinal()
                        if day > today or n >= 250:
                            continue
                        rate = f.fee if year < f.vintage + 5 else f.fee * 0.75
                        rows.append(
                            f"{prefix}{(f.index << 8) | n:012x}\t{fund_prefix}{f.index:012x}\t"
                            f"{iso(day)}\tmanagement_fee\t{f.committed * rate / 400:.2f}\t"
                            f"Q{quarter + 1} {year} management fee\t{f.currency}{tail}"
                        )
                        n += 1
                    expense_day = date(year, 12, 31).toordinal()
                    if expense_day <= today and n < 250:
                        rows.append(
                            f"{prefix}{(f.index << 8) | n:012x}\t{fund_prefix}{f.index:012x}\t"
                            f"{iso(expense_day)}\tfund_expense\t{f.committed * 0.002:.2f}\t"
                            f"{year} audit, legal and administration\t{f.currency}{tail}"
                        )
                        n += 1
            yield rows

    # the COPY columns of investments, in the order investments() writes them (fund_id only
    # when the database has funds); the stored figures are not among them: SQL computes them
    INVESTMENTS_COLUMNS = (
        "id",
        "investor_id",
        "company_id",
        "investment_round",
        "amount",
        "equity_percentage",
        "pre_money_valuation",
        "post_money_valuation",
        "investment_date",
        "current_valuation",
        "status",
        "exit_date",
        "exit_valuation",
        "board_seat",
        "lead_investor",
        "follow_on_rights",
        "liquidation_preference",
        "anti_dilution",
        "fund_id",
        "founder_consent",
        "founder_consent_at",
        "currency",
        "exit_proceeds",
        "exit_recorded_at",
        "created_at",
        *SYNTHETIC,
    )

    def investment_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.INVESTMENTS_COLUMNS if self.has_funds or c != "fund_id")

    def investments(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.INVESTMENTS)
        company = self.ids.prefix(I.COMPANIES)
        fund_prefix = self.ids.prefix(I.FUNDS)
        tail = self.tail
        for ut, k, funds in self._investors():
            investor = self.ids.prefix(I.USERS + USER_TYPES.index(ut)) + f"{k:012x}"
            rows = []
            rng = random.Random(self.ids.stream(I.K_PORTFOLIO, self.investor_key(ut, k)) + 1)
            for inv in self.portfolio(ut, k, funds):
                last = inv.marks[-1]
                dist = inv.distribution
                # the stored figures (paper_return, realized_return, irr, moic, tvpi, dpi,
                # exit_multiple) are left NULL here: SQL fills them from the flows and marks
                # (auxeira.refresh_investment_metrics_for, in the same transaction)
                if inv.status == "exited":
                    current: float | None = last[2]
                    exit_cols = f"{iso(inv.resolve_day)}\t{last[2]:.2f}"
                elif inv.status == "written-off":
                    current = 0.0
                    exit_cols = f"{iso(inv.resolve_day)}\t0.00"
                else:
                    current = last[2]
                    exit_cols = "\\N\t\\N"
                equity = max(0.01, round(inv.amount / inv.post * 100, 2))
                fund_col = (
                    (f"\t{fund_prefix}{inv.fund:012x}" if inv.fund >= 0 else "\t\\N")
                    if self.has_funds
                    else ""
                )
                lead = rng.random() < (0.3 if ut == "vc" else 0.05)
                yield_row = (
                    f"{prefix}{inv.index:012x}\t{investor}\t{company}{inv.company:012x}\t"
                    f"{inv.round}\t{inv.amount:.2f}\t{equity:.2f}\t{inv.pre:.2f}\t"
                    f"{inv.post:.2f}\t{iso(inv.day)}\t"
                    f"{_money(current) if current is not None else NULL}\t{inv.status}\t"
                    f"{exit_cols}\t"
                    f"{'t' if lead and ut == 'vc' else 'f'}\t{'t' if lead else 'f'}\t"
                    f"{'t' if ut == 'vc' else 'f'}\t"
                    f"{'1x' if rng.random() < 0.85 else '1.5x participating'}\t"
                    f"{'weighted-average' if ut == 'vc' else 'none'}{fund_col}\t"
                    f"{_consent(inv.index, iso(inv.day))}\t{inv.currency}\t"
                    f"{f'{dist:.2f}' if inv.status == 'exited' else NULL}\t"
                    f"{self.known(inv.resolve_day, 2) if inv.status != 'active' else NULL}\t"
                    f"{self.known(inv.day, 1)}{tail}"
                )
                rows.append(yield_row)
            yield rows

    # COPY columns, in the order investment_cash_flows() writes them
    INVESTMENT_CASH_FLOWS_COLUMNS = (
        "id",
        "investment_id",
        "flow_date",
        "flow_type",
        "amount",
        "note",
        "currency",
        "created_at",
        *SYNTHETIC,
    )

    def investment_cash_flows(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.INVESTMENT_FLOWS)
        inv_prefix = self.ids.prefix(I.INVESTMENTS)
        tail = self.tail
        for ut, k, funds in self._investors():
            rows = []
            for inv in self.portfolio(ut, k, funds):
                base = inv.index << 3
                parent = f"{inv_prefix}{inv.index:012x}"
                cur = inv.currency
                rows.append(
                    f"{prefix}{base:012x}\t{parent}\t{iso(inv.day)}\tcontribution\t"
                    f"{inv.amount:.2f}\t{inv.round} cheque\t{cur}\t{self.known(inv.day, 2)}{tail}"
                )
                if inv.follow_day:
                    rows.append(
                        f"{prefix}{base | 1:012x}\t{parent}\t{iso(inv.follow_day)}\tfollow_on\t"
                        f"{inv.follow_amount:.2f}\tpro rata follow-on\t{cur}\t"
                        f"{self.known(inv.follow_day, 2)}{tail}"
                    )
                if inv.sale_day:
                    rows.append(
                        f"{prefix}{base | 3:012x}\t{parent}\t{iso(inv.sale_day)}\tdistribution\t"
                        f"{inv.sale_amount:.2f}\tsecondary sale of part of the holding\t{cur}\t"
                        f"{self.known(inv.sale_day, 2)}{tail}"
                    )
                paid_on = inv.proceeds_day or inv.resolve_day
                if inv.status == "exited" and paid_on <= self.today:
                    rows.append(
                        f"{prefix}{base | 2:012x}\t{parent}\t{iso(paid_on)}\t"
                        f"distribution\t{inv.distribution:.2f}\texit proceeds\t{cur}\t"
                        f"{self.known(paid_on, 2)}{tail}"
                    )
            yield rows

    # COPY columns, in the order valuation_marks() writes them
    VALUATION_MARKS_COLUMNS = (
        "id",
        "investment_id",
        "mark_date",
        "holding_value",
        "company_valuation",
        "source",
        "currency",
        "created_at",
        *SYNTHETIC,
    )

    def valuation_marks(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.MARKS)
        inv_prefix = self.ids.prefix(I.INVESTMENTS)
        tail = self.tail
        for ut, k, funds in self._investors():
            rows = []
            for inv in self.portfolio(ut, k, funds):
                base = inv.index << 7
                parent = f"{inv_prefix}{inv.index:012x}"
                restated = dict(zip(inv.restated, inv.restated_values, strict=True))
                for n, (day, held, value, source) in enumerate(inv.marks):
                    company_value = _money(value) if value is not None else NULL
                    rows.append(
                        f"{prefix}{base | n:012x}\t{parent}\t{iso(day)}\t{held:.2f}\t"
                        f"{company_value}\t{source}\t{inv.currency}\t{self.known(day, 20)}{tail}"
                    )
                    if n in restated:  # the same day's mark entered again, 40 days later
                        rows.append(
                            f"{prefix}{base | 1 << 46 | n:012x}\t{parent}\t{iso(day)}\t"
                            f"{restated[n]:.2f}\t{company_value}\t{source}\t{inv.currency}\t"
                            f"{self.known(day, 60)}{tail}"
                        )
            yield rows

    def snapshot_dates(self) -> list[date]:
        """The dates of the portfolio_metrics history SQL writes for this run's investors
        (auxeira.snapshot_portfolio_metrics_history): the last SNAPSHOT_QUARTERS quarter ends
        and the reference date."""
        days = [*self.quarter_ends[-SNAPSHOT_QUARTERS:], self.today]
        return [date.fromordinal(day) for day in sorted(set(days))]

    # COPY columns, in the order corporate_partnerships() writes them
    CORPORATE_PARTNERSHIPS_COLUMNS = (
        "id",
        "corporate_partner_id",
        "startup_id",
        "partnership_type",
        "partnership_value",
        "partnership_status",
        "start_date",
        "end_date",
        "success_metrics",
        "roi_achieved",
        "renewal_probability",
        "founder_consent",
        "founder_consent_at",
        *SYNTHETIC,
    )

    def corporate_partnerships(self) -> Iterator[list[str]]:
        prefix = self.ids.prefix(I.PARTNERSHIPS)
        partner = self.ids.prefix(I.USERS + USER_TYPES.index("corporate"))
        company = self.ids.prefix(I.COMPANIES)
        tail = self.tail
        rng = self.rng
        today = self.today
        span = self.plan.partnerships_per_corporate
        kinds = (
            ("pilot", 1e4, 1e5, 60, 180),
            ("poc", 2.5e4, 2.5e5, 90, 240),
            ("commercial", 1e5, 2e6, 365, 1095),
            ("strategic", 5e5, 1e7, 730, 1825),
        )
        for k in range(self.counts["corporate"]):
            rng.seed(self.ids.stream(I.K_PARTNERSHIPS, k))
            rows = []
            for j in range(rng.randint(int(span.low), int(span.high))):
                c = int(rng.random() * self.n_companies)
                start_low = max(self.c_founded[c] + 180, today - int(4 * YEAR))
                if start_low >= today - 14:
                    continue
                start = start_low + int((today - 14 - start_low) * rng.random())
                kind, vlow, vhigh, dlow, dhigh = kinds[
                    rng.choices((0, 1, 2, 3), (0.35, 0.25, 0.3, 0.1))[0]
                ]
                end = start + rng.randint(dlow, dhigh)
                r = rng.random()
                if end <= today:
                    status = "completed" if r < 0.85 else "cancelled"
                else:
                    status = "cancelled" if r < 0.1 else "active"
                    if status == "cancelled":
                        end = start + int((today - start) * rng.random())
                if status == "completed":
                    roi, renewal = f"{rng.uniform(-0.5, 3):.4f}", rng.uniform(30, 95)
                elif status == "cancelled":
                    roi, renewal = f"{rng.uniform(-1, 0):.4f}", rng.uniform(0, 20)
                else:
                    roi, renewal = NULL, rng.uniform(20, 90)
                target = rng.randint(3, 20)
                metrics = json.dumps(
                    {
                        "kpi": (
                            "cost_savings",
                            "new_customers",
                            "revenue_uplift",
                            "pilots_converted",
                        )[j % 4],
                        "target": target,
                        "achieved": int(target * rng.uniform(0.2, 1.6)),
                    }
                )
                value = math.exp(rng.uniform(math.log(vlow), math.log(vhigh)))
                rows.append(
                    f"{prefix}{(k << 6) | j:012x}\t{partner}{k:012x}\t{company}{c:012x}\t{kind}\t"
                    f"{value:.2f}\t{status}\t{iso(start)}\t{iso(end)}\t{metrics}\t{roi}\t"
                    f"{renewal:.2f}\t{_consent(j + 3 * k, iso(start))}{tail}"
                )
            yield rows

    # --- the load plan ---------------------------------------------------------------------

    def tables(self) -> list[Table]:
        """Every table in load order (parents first), with its columns and generator."""
        c = self.counts
        users = sum(c.values())
        n_inv = c["vc"] * 25 + c["angel"] * 8
        out = [
            Table(
                "users",
                self.USERS_COLUMNS,
                lambda: _batched(self.users()),
                users,
            ),
            Table(
                "companies",
                self.COMPANIES_COLUMNS,
                lambda: _batched(self.companies()),
                self.n_companies,
                after=(self._fill_sse_scores(),) if self.n_companies else (),
            ),
        ]
        if self.has_funds:
            out.append(
                Table(
                    "funds",
                    self.FUNDS_COLUMNS,
                    lambda: _batched(self.funds()),
                    c["vc"] * 2,
                )
            )
        out.append(
            Table(
                "fx_rates",
                self.FX_RATES_COLUMNS,
                lambda: _batched(self.fx_rates()),
                len(FX_CURRENCIES) * 3660,
                # a day and pair that already has a rate (real, or an earlier seed's) keeps it;
                # earlier synthetic rates live as long as this run's data
                after=(
                    "DELETE FROM auxeira.fx_rates AS s WHERE s.is_synthetic"
                    " AND s.recorded_at = now() AND EXISTS (SELECT FROM auxeira.fx_rates AS r"
                    " WHERE (r.base, r.quote, r.rate_date) = (s.base, s.quote, s.rate_date)"
                    " AND r.recorded_at < now())",
                    "UPDATE auxeira.fx_rates SET expires_at = "
                    f"'{self.expires_at.isoformat()}'::timestamptz"
                    " WHERE is_synthetic AND recorded_at < now()"
                    f" AND expires_at < '{self.expires_at.isoformat()}'::timestamptz",
                ),
            )
        )
        out.append(
            Table(
                "investments",
                self.investment_columns(),
                lambda: _batched(self.investments()),
                n_inv,
            )
        )
        if self.has_funds:
            out += [
                Table(
                    "investment_cash_flows",
                    self.INVESTMENT_CASH_FLOWS_COLUMNS,
                    lambda: _batched(self.investment_cash_flows()),
                    int(n_inv * 1.5),
                ),
                Table(
                    "valuation_marks",
                    self.VALUATION_MARKS_COLUMNS,
                    lambda: _batched(self.valuation_marks()),
                    n_inv * 12,
                ),
                Table(
                    "fund_cash_flows",
                    self.FUND_CASH_FLOWS_COLUMNS,
                    lambda: _batched(self.fund_cash_flows()),
                    c["vc"] * 50,
                ),
            ]
        out += [
            Table(
                "esg_metrics",
                self.ESG_METRICS_COLUMNS,
                lambda: _batched(self.esg_metrics()),
                self.n_companies * MONTHS,
            ),
            Table(
                "economic_impact",
                self.ECONOMIC_IMPACT_COLUMNS,
                lambda: _batched(self.economic_impact()),
                self.n_companies * MONTHS,
            ),
            Table(
                "corporate_partnerships",
                self.CORPORATE_PARTNERSHIPS_COLUMNS,
                lambda: _batched(self.corporate_partnerships()),
                c["corporate"] * 5,
            ),
            Table(
                "token_transactions",
                self.TOKEN_TRANSACTIONS_COLUMNS,
                lambda: _batched(self.token_transactions()),
                users * 24,
            ),
            Table(
                "analytics_events",
                self.ANALYTICS_EVENTS_COLUMNS,
                lambda: _batched(self.analytics_events()),
                users * 30,
                before=(partitions_sql(date.fromordinal(self.today - 1100), self.plan.as_of),),
            ),
            Table(
                "subscription_events",
                self.SUBSCRIPTION_EVENTS_COLUMNS,
                lambda: _batched(self.subscription_events()),
                users * 10,
            ),
        ]
        if self.has_dashboards:
            from auxeira_db.synthetic.dashboards import DashboardData

            out += DashboardData(self, self.now).tables()
        return out
