"""The dashboard tables of migration 0004, generated from the same ecosystem.

Same rules as generator.py: one random stream per owning entity (founder, VC, angel, ESG
account, agency, company), deterministic ids, COPY text streamed in chunks, nothing held in
memory but a small per-agency index of regulatory requirements.

Who owns what:
- founders: daily actions for the 14 days ending at as_of (about their own company), customer
  interviews of their own company, evidence files (some attached to those interviews);
- VCs: a deal pipeline (the closed deals are their actual investments, the others open or
  passed), premium LP reports bought for funds they manage;
- angels: connections (co-investors, founders asking for an introduction, VCs, service
  providers), syndicates they lead on ecosystem companies with other angels as members;
- ESG accounts: education programmes with student cohorts, teacher-training batches and
  UNESCO (SDG 4) assessments of the programme's own targets;
- agencies: policies of their jurisdiction (the country of the agency) with quarterly measured
  impact, and regulatory requirements; platform-curated requirements (no owner) apply across
  countries; companies report compliance with their own country's requirements and some
  platform ones, mostly shared with regulators;
- founders open sealed-bid partnership auctions (some run by the platform for a company);
  corporates bid.

Dates. Content dates are on or before as_of, like the rest of the ecosystem; planned dates
(expected deal closes, syndicate deadlines, programme and policy end dates) may lie after it.
Auctions are the exception: whether one is scheduled, open, revealing or closed is decided by
the database clock (auxeira.partnership_auction_status uses now(), and the auction_bids_guard
trigger accepts a commitment only while now() is inside the bidding window). Their schedule is
therefore laid out around the day the seed runs (the server's current UTC date, `live_day`),
not around as_of: auctions and their bids are identical for the same plan on the same day, and
shift by whole days from one day to the next (ids, companies, bidders, amounts, nonces and
commitments never change).

Bids. A bid is inserted sealed while its auction is open, and revealed by an UPDATE after it
closes; both checks use now(), which is fixed for a transaction, so no single transaction can
both commit and reveal a bid. Bids on open auctions are copied through the trigger (it stamps
committed_at = now()). Bids of auctions that have already closed are history: they are copied
with the auction_bids_guard trigger disabled for that one COPY (table owner, same transaction,
re-enabled before anything else runs), then the same rules are checked for every one of those
rows in SQL, which aborts the whole seed on a violation: bidder is a corporate user, auction not
cancelled, committed inside the bidding window, revealed (if at all) inside the reveal window and
not after now(), and the commitment equals auxeira.auction_bid_commitment(auction, bidder,
amount, nonce).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from auxeira_db.dashboards.corporate import bid_commitment
from auxeira_db.synthetic import ids as I
from auxeira_db.synthetic.generator import Table, batched
from auxeira_db.synthetic.ids import iso
from auxeira_db.synthetic.options import USER_TYPES
from auxeira_db.synthetic.patterns import (
    AFRICAN_CURRENCIES,
    FX,
    STAGE_PATTERNS,
    STAGES,
)
from auxeira_db.synthetic.pools import Pools

if TYPE_CHECKING:
    from auxeira_db.synthetic.generator import Ecosystem

Bid = tuple[
    int, str, str, datetime | None, datetime
]  # corporate, nonce, amount, revealed, committed

NULL = "\\N"
ACTION_DAYS = 14
SYNTHETIC = ("is_synthetic", "expires_at")

# (action_type, title, target low, target high, token reward, about the company)
ACTIONS: tuple[tuple[str, str, int, int, int, bool], ...] = (
    ("customer_interview", "Interview {n} customers", 1, 3, 30, True),
    ("evidence_upload", "Upload evidence of traction", 1, 1, 20, True),
    ("metrics_update", "Update this month's metrics", 1, 1, 15, True),
    ("investor_update", "Send the monthly investor update", 1, 1, 25, True),
    ("product", "Ship {n} customer-requested improvements", 1, 3, 20, True),
    ("hiring", "Screen {n} candidates", 2, 6, 15, True),
    ("fundraising", "Reach out to {n} investors", 2, 8, 25, True),
    ("learning", "Complete a learning module", 1, 1, 10, False),
    ("other", "Review your dashboard goals", 1, 1, 5, False),
)
ACTION_TIPS = (
    "Short and specific beats long and vague.",
    "Block 30 minutes in the morning for it.",
    "Log what you learn on the dashboard right after.",
)
ROLES = (
    "Head of Finance",
    "Operations Manager",
    "Procurement Lead",
    "Small-business owner",
    "CTO",
    "Store manager",
    "Clinic administrator",
    "Farmer cooperative lead",
    "HR Director",
    "Logistics Coordinator",
)
SEGMENTS = ("SMB retailers", "Mid-market", "Enterprise", "Consumers", "Public sector", "NGOs")
CHANNELS = ("video", "video", "phone", "in_person", "survey", "other")
INTERVIEW_NOTES = (
    "Spends hours a week on this by hand.",
    "Tried two tools, neither fits their workflow.",
    "Budget is set yearly; would pilot first.",
    "Not a priority this year.",
    "Asked to be told when the product launches.",
)
# (kind, title, extension, media type)
EVIDENCE_KINDS: tuple[tuple[str, str, str, str], ...] = (
    ("traction", "Monthly active users export", "csv", "text/csv"),
    ("financial", "Bank statement", "pdf", "application/pdf"),
    ("product", "Product walkthrough", "mp4", "video/mp4"),
    ("legal", "Signed customer contract", "pdf", "application/pdf"),
    ("team", "Organisation chart", "png", "image/png"),
    ("market_research", "Market sizing workbook", "xlsx", "application/vnd.ms-excel"),
    ("other", "Press coverage", "pdf", "application/pdf"),
)
DEAL_SOURCES = ("referral", "inbound", "demo day", "scout", "co-investor", "auxeira match")
DEAL_STAGES = ("sourced", "screening", "diligence", "term-sheet", "passed")
DEAL_STAGE_WEIGHTS = (0.3, 0.25, 0.18, 0.1, 0.17)
DEAL_NOTES = (
    "Strong founder-market fit.",
    "Waiting for the data room.",
    "Too early for the fund.",
    "Follow up after next quarter's numbers.",
)
CONNECTION_MESSAGES = (
    "Great to meet at the demo day.",
    "Would love to co-invest on the next round.",
    "Could you introduce us to your portfolio?",
    "Happy to help with go-to-market.",
)
PROGRAMME_THEMES = (
    "Digital Skills for Girls",
    "Coding Bootcamp",
    "Early Literacy",
    "Numeracy Catch-up",
    "Green Jobs Training",
    "Teacher Tech Fellowship",
    "Financial Literacy",
    "Solar Technician Apprenticeship",
)
# (ISO country code, region, currency)
PROGRAMME_PLACES: tuple[tuple[str, str, str], ...] = (
    ("NG", "Lagos State", "NGN"),
    ("NG", "Kano State", "NGN"),
    ("KE", "Nairobi County", "KES"),
    ("KE", "Kisumu County", "KES"),
    ("GH", "Greater Accra", "GHS"),
    ("ZA", "Western Cape", "ZAR"),
    ("RW", "Kigali", "USD"),
    ("EG", "Cairo Governorate", "USD"),
    ("ET", "Addis Ababa", "USD"),
    ("IN", "Maharashtra", "USD"),
)
LEVELS = ("early_childhood", "primary", "secondary", "tvet", "tertiary", "adult", "mixed")
WORK_LEVELS = frozenset(("tvet", "tertiary", "adult"))
SDG = ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.a", "4.b", "4.c")
TRAINING_TYPES = ("pre_service", "in_service", "certification", "coaching")
CERTIFICATIONS = (
    "National Teaching Certificate",
    "ICT in Education Certificate",
    "Inclusive Classroom Practice",
)
ASSESSORS = ("UNESCO IIEP review", "Ministry of Education inspectorate", "Independent evaluator")
COMPLIANCE_NOTES = (
    "Evidence reviewed on site.",
    "Data collection gaps in rural sites.",
    "Indicator not measured yet.",
)
# (name, instrument type, metrics it targets)
POLICIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Startup Seed Grant", "grant", ("companies_supported", "jobs_created")),
    ("R&D Tax Credit", "tax-credit", ("r_and_d_spending", "patents_filed")),
    ("Export Accelerator", "programme", ("export_revenue", "companies_supported")),
    ("Regulatory Sandbox", "regulation", ("companies_supported", "private_investment_leveraged")),
    ("Local Content Incentive", "tax-credit", ("local_supplier_spend", "jobs_supported")),
    ("Innovation Hubs Programme", "programme", ("jobs_created", "gdp_contribution")),
    ("Venture Co-investment Scheme", "grant", ("private_investment_leveraged", "jobs_created")),
)
METHODOLOGIES = (
    "Difference in differences against non-participating firms",
    "Self-reported by participating companies, audited yearly",
    "Administrative tax records",
)
# (code, name, category)
REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    ("DP", "Register as a data controller", "data-protection"),
    ("KYC", "Customer due diligence for payments", "financial"),
    ("LAB", "Written employment contracts for all staff", "labour"),
    ("VAT", "VAT registration above the threshold", "tax"),
    ("ENV", "E-waste take-back scheme", "environmental"),
    ("LIC", "Sector operating licence", "licensing"),
    ("CON", "Clear refund and complaints policy", "consumer"),
)
PLATFORM_REQUIREMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("GDPR-ART30", "Records of processing activities", "European Union", "data-protection"),
    ("PCI-DSS-4", "Card data security standard", "International", "financial"),
    ("FATF-R10", "Customer due diligence (FATF R.10)", "International", "financial"),
    ("ILO-C155", "Occupational safety and health", "International", "labour"),
    ("OECD-BEPS13", "Transfer pricing documentation", "International", "tax"),
    ("ISO-14001", "Environmental management system", "International", "environmental"),
)
COMPLIANCE_STATUSES = ("compliant", "partial", "non-compliant", "pending", "not-applicable")
COMPLIANCE_WEIGHTS = (0.5, 0.2, 0.1, 0.15, 0.05)
# (opportunity type, low, high value)
OPPORTUNITIES: tuple[tuple[str, float, float], ...] = (
    ("pilot", 1e4, 1e5),
    ("poc", 2.5e4, 2.5e5),
    ("commercial", 1e5, 2e6),
    ("strategic", 5e5, 1e7),
)
AUCTION_SCOPES = (
    "payments integration",
    "field-sales rollout",
    "data platform",
    "supply-chain tracking",
    "customer support automation",
    "last-mile logistics",
)
# an auction's state on the seed day, cycled so that every state appears at any scale
AUCTION_CYCLE = ("open", "closed", "revealing", "open", "closed", "scheduled", "open", "cancelled")
COUNTRY_CODES = {
    "Nigeria": "NG",
    "Kenya": "KE",
    "Ghana": "GH",
    "South Africa": "ZA",
    "United Kingdom": "GB",
    "Germany": "DE",
    "France": "FR",
    "Netherlands": "NL",
    "Portugal": "PT",
    "United States": "US",
    "Rwanda": "RW",
    "Egypt": "EG",
}


def _ts(ordinal: int, hour: int = 12, minute: int = 0) -> str:
    return f"{iso(ordinal)} {hour:02d}:{minute:02d}:00+00"


def _person(rng: random.Random, pools: Pools) -> str:
    return (
        f"{pools.first_names[int(rng.random() * len(pools.first_names))]} "
        f"{pools.last_names[int(rng.random() * len(pools.last_names))]}"
    )


class DashboardData:
    """Generators of the dashboard tables of one ecosystem."""

    def __init__(self, eco: Ecosystem, live: datetime) -> None:
        self.e = eco
        self.rng = random.Random()
        self.today = eco.today
        self.tail = eco.tail
        self.live_day = live.astimezone(UTC).date().toordinal()
        self.n_companies = eco.n_companies
        self.counts = eco.counts
        self._requirement_index: dict[str, list[tuple[int, str | None]]] | None = None

    def _uid(self, user_type: str) -> str:
        return self.e.ids.prefix(I.USERS + USER_TYPES.index(user_type))

    # --- founders -------------------------------------------------------------------------

    # COPY columns, in the order founder_daily_actions() writes them
    FOUNDER_DAILY_ACTIONS_COLUMNS = (
        "id",
        "user_id",
        "company_id",
        "action_date",
        "action_type",
        "title",
        "description",
        "status",
        "target_count",
        "completed_count",
        "token_reward",
        "completed_at",
        "created_at",
        *SYNTHETIC,
    )

    def founder_daily_actions(self) -> Iterator[list[str]]:
        prefix = self.e.ids.prefix(I.ACTIONS)
        user, company = self._uid("founder"), self.e.ids.prefix(I.COMPANIES)
        tail, rng, today = self.tail, self.rng, self.today
        for i in range(self.n_companies):
            rng.seed(self.e.ids.stream(I.K_ACTIONS, i))
            diligence = rng.uniform(0.45, 0.95)
            rows = []
            n = 0
            for back in range(ACTION_DAYS - 1, -1, -1):
                day = today - back
                picks = 1 + (rng.random() < 0.6) + (rng.random() < 0.3)
                for t in rng.sample(range(len(ACTIONS)), picks):
                    kind, title, low, high, reward, about = ACTIONS[t]
                    target = rng.randint(low, high)
                    r = rng.random()
                    done_at = NULL
                    if r < diligence:
                        status, done = "completed", target + (rng.random() < 0.1)
                        done_at = _ts(day, rng.randint(8, 21), rng.randint(0, 59))
                    elif r < diligence + 0.08:
                        status, done = "skipped", rng.randint(0, target - 1)
                    elif target > 1 and rng.random() < 0.6:
                        status, done = "in_progress", rng.randint(1, target - 1)
                    else:
                        status, done = "pending", 0
                    tip = ACTION_TIPS[t % 3] if rng.random() < 0.5 else NULL
                    rows.append(
                        f"{prefix}{(i << 10) | n:012x}\t{user}{i:012x}\t"
                        f"{f'{company}{i:012x}' if about else NULL}\t{iso(day)}\t{kind}\t"
                        f"{title.format(n=target)}\t{tip}\t{status}\t{target}\t{done}\t"
                        f"{reward * target}\t{done_at}\t{_ts(day, 6)}{tail}"
                    )
                    n += 1
            yield rows

    def _interviews(self, i: int) -> list[tuple[int, str]]:
        """The founder's interviews as (day, COPY columns after user_id); reseeds self.rng."""
        rng = self.rng
        rng.seed(self.e.ids.stream(I.K_INTERVIEWS, i))
        start = max(self.e.c_founded[i] + 30, self.today - 240)
        if start > self.today:
            return []
        city = self.e.pools.cities[self.e.c_city[i]][0]
        days = sorted(rng.randint(start, self.today) for _ in range(rng.randint(2, 8)))
        out = []
        for day in days:
            validated = rng.random() < 0.6
            pain = rng.randint(3, 5) if validated else rng.randint(1, 3)
            if validated and rng.random() < 0.7:
                wtp = ("low", "medium", "high")[rng.choices((0, 1, 2), (0.3, 0.45, 0.25))[0]]
                price = f"{rng.choice((10, 25, 50, 100, 250, 500)) * (1 + 'lmh'.index(wtp[0])):.2f}"
            else:
                wtp, price = ("none" if rng.random() < 0.5 else "unknown"), NULL
            segment = f"{SEGMENTS[int(rng.random() * len(SEGMENTS))]}, {city}"
            notes = INTERVIEW_NOTES[int(rng.random() * len(INTERVIEW_NOTES))]
            out.append(
                (
                    day,
                    f"{iso(day)}\t{ROLES[int(rng.random() * len(ROLES))]}\t{segment}\t"
                    f"{CHANNELS[int(rng.random() * len(CHANNELS))]}\t"
                    f"{'t' if validated else 'f'}\t{pain}\t{wtp}\t{price}\t{notes}\t"
                    f"{_ts(day, rng.randint(9, 19), rng.randint(0, 59))}",
                )
            )
        return out

    # COPY columns, in the order customer_interviews() writes them
    CUSTOMER_INTERVIEWS_COLUMNS = (
        "id",
        "company_id",
        "user_id",
        "interview_date",
        "interviewee_role",
        "segment",
        "channel",
        "problem_validated",
        "pain_level",
        "willingness_to_pay",
        "price_point",
        "notes",
        "created_at",
        *SYNTHETIC,
    )

    def customer_interviews(self) -> Iterator[list[str]]:
        prefix = self.e.ids.prefix(I.INTERVIEWS)
        user, company = self._uid("founder"), self.e.ids.prefix(I.COMPANIES)
        tail = self.tail
        for i in range(self.n_companies):
            yield [
                f"{prefix}{(i << 6) | j:012x}\t{company}{i:012x}\t{user}{i:012x}\t{cols}{tail}"
                for j, (_, cols) in enumerate(self._interviews(i))
            ]

    # COPY columns, in the order startup_evidence() writes them
    STARTUP_EVIDENCE_COLUMNS = (
        "id",
        "company_id",
        "user_id",
        "interview_id",
        "evidence_kind",
        "title",
        "file_uri",
        "file_sha256",
        "size_bytes",
        "media_type",
        "note",
        "created_at",
        *SYNTHETIC,
    )

    def startup_evidence(self) -> Iterator[list[str]]:
        prefix = self.e.ids.prefix(I.EVIDENCE)
        interview = self.e.ids.prefix(I.INTERVIEWS)
        user, company = self._uid("founder"), self.e.ids.prefix(I.COMPANIES)
        tail, rng, today = self.tail, self.rng, self.today
        for i in range(self.n_companies):
            days = [day for day, _ in self._interviews(i)]
            rng.seed(self.e.ids.stream(I.K_EVIDENCE, i))
            cid = f"{company}{i:012x}"
            items: list[tuple[int, str, str, str, str, str, str]] = []
            for j, day in enumerate(days):
                if rng.random() < 0.4:
                    audio = rng.random() < 0.5
                    items.append(
                        (
                            day,
                            f"{interview}{(i << 6) | j:012x}",
                            "customer_interview",
                            "Interview recording" if audio else "Interview notes",
                            "mp3" if audio else "pdf",
                            "audio/mpeg" if audio else "application/pdf",
                            f"interview-{j + 1}",
                        )
                    )
            low = max(self.e.c_founded[i], today - 365)
            for t in rng.sample(range(len(EVIDENCE_KINDS)), rng.randint(0, 3)):
                kind, title, ext, mime = EVIDENCE_KINDS[t]
                day = rng.randint(low, today) if low <= today else today
                items.append((day, NULL, kind, title, ext, mime, kind.replace("_", "-")))
            rows = []
            for n, (day, inter, kind, title, ext, mime, slug) in enumerate(items):
                uri = f"s3://auxeira-evidence/{cid}/{n:02d}-{slug}.{ext}"
                digest = hashlib.sha256(f"synthetic file|{uri}".encode()).hexdigest()
                size = int(math.exp(rng.uniform(math.log(2e4), math.log(5e7))))
                rows.append(
                    f"{prefix}{(i << 6) | n:012x}\t{cid}\t{user}{i:012x}\t{inter}\t{kind}\t"
                    f"{title}\t{uri}\t{digest}\t{size}\t{mime}\t{NULL}\t"
                    f"{_ts(day, rng.randint(9, 20), rng.randint(0, 59))}{tail}"
                )
            yield rows

    # --- VCs --------------------------------------------------------------------------------

    # COPY columns, in the order deals() writes them
    DEALS_COLUMNS = (
        "id",
        "investor_id",
        "fund_id",
        "company_id",
        "company_name",
        "industry",
        "investment_round",
        "stage",
        "ask_amount",
        "pre_money_valuation",
        "sourced_on",
        "expected_close_on",
        "decided_on",
        "owner_name",
        "source",
        "notes",
        "investment_id",
        "created_at",
        *SYNTHETIC,
    )

    def deals(self) -> Iterator[list[str]]:
        e = self.e
        prefix = e.ids.prefix(I.DEALS)
        inv_prefix, fund_prefix = e.ids.prefix(I.INVESTMENTS), e.ids.prefix(I.FUNDS)
        company = e.ids.prefix(I.COMPANIES)
        user, tail, rng, today = self._uid("vc"), self.tail, self.rng, self.today
        for k in range(self.counts["vc"]):
            funds = e.funds_of(k) if e.has_funds else []
            book = sorted(e.portfolio("vc", k, funds), key=lambda inv: inv.day)
            rng.seed(e.ids.stream(I.K_DEALS, k))
            owner = _person(rng, self.e.pools)
            rows = []
            j = 0
            for inv in book[-3:]:  # the latest investments closed through the pipeline
                sourced = max(e.c_founded[inv.company], inv.day - rng.randint(30, 150))
                ask = inv.amount * rng.uniform(1.5, 4)
                rows.append(
                    f"{prefix}{(k << 8) | j:012x}\t{user}{k:012x}\t"
                    f"{f'{fund_prefix}{inv.fund:012x}' if inv.fund >= 0 else NULL}\t"
                    f"{company}{inv.company:012x}\t{e.company_name(inv.company)}\t"
                    f"{e.industry_names[e.c_industry[inv.company]]}\t{inv.round}\tclosed\t"
                    f"{ask:.2f}\t{inv.pre:.2f}\t{iso(sourced)}\t{iso(inv.day)}\t{iso(inv.day)}\t"
                    f"{owner}\t{DEAL_SOURCES[int(rng.random() * 6)]}\t{NULL}\t"
                    f"{inv_prefix}{inv.index:012x}\t{_ts(sourced, 10)}{tail}"
                )
                j += 1
            for _ in range(rng.randint(4, 14)):
                c = int(rng.random() * self.n_companies)
                rnd = STAGES[min(4, e.c_stage[c] + 1)]
                sp = STAGE_PATTERNS[rnd]
                stage = rng.choices(DEAL_STAGES, DEAL_STAGE_WEIGHTS)[0]
                sourced = max(e.c_founded[c], today - rng.randint(3, 150))
                ask = math.exp(rng.uniform(math.log(sp.vc_cheque_low), math.log(sp.vc_cheque_high)))
                pre = math.exp(rng.uniform(math.log(sp.valuation_low), math.log(sp.valuation_high)))
                if stage == "passed":
                    expected = NULL
                    decided = iso(min(today, sourced + rng.randint(5, 60)))
                else:
                    expected = iso(sourced + rng.randint(30, 180))
                    decided = NULL
                fund = NULL
                for f in funds:
                    if date(f.vintage, 1, 1).toordinal() <= sourced:
                        fund = f"{fund_prefix}{f.index:012x}"
                note = DEAL_NOTES[int(rng.random() * 4)] if rng.random() < 0.5 else NULL
                rows.append(
                    f"{prefix}{(k << 8) | j:012x}\t{user}{k:012x}\t{fund}\t"
                    f"{company}{c:012x}\t{e.company_name(c)}\t"
                    f"{e.industry_names[e.c_industry[c]]}\t{rnd}\t{stage}\t{ask:.2f}\t"
                    f"{pre:.2f}\t{iso(sourced)}\t{expected}\t{decided}\t{owner}\t"
                    f"{DEAL_SOURCES[int(rng.random() * 6)]}\t{note}\t{NULL}\t"
                    f"{_ts(sourced, 10)}{tail}"
                )
                j += 1
            yield rows

    # COPY columns, in the order lp_report_purchases() writes them
    LP_REPORT_PURCHASES_COLUMNS = (
        "id",
        "buyer_id",
        "fund_id",
        "payment_reference",
        "payment_provider",
        "amount",
        "currency",
        "created_at",
        *SYNTHETIC,
    )

    def lp_report_purchases(self) -> Iterator[list[str]]:
        e = self.e
        prefix, fund_prefix = e.ids.prefix(I.LP_PURCHASES), e.ids.prefix(I.FUNDS)
        user, tail, rng, today = self._uid("vc"), self.tail, self.rng, self.today
        for k in range(self.counts["vc"]):
            rows = []
            for f in e.funds_of(k) if e.has_funds else []:
                rng.seed(e.ids.stream(I.K_DEALS, (1 << 40) | f.index))
                if rng.random() < 0.45:
                    continue
                currency = f.currency
                provider = "paystack" if currency in AFRICAN_CURRENCIES else "stripe"
                start = max(date(f.vintage, 1, 1).toordinal(), today - 400)
                day = rng.randint(min(start, today), today)
                rows.append(
                    f"{prefix}{f.index << 2:012x}\t{user}{k:012x}\t{fund_prefix}{f.index:012x}\t"
                    f"lp_{e.ids.tag}_{f.index:x}\t{provider}\t{499 * FX[currency]:.2f}\t"
                    f"{currency}\t{_ts(day, rng.randint(8, 20))}{tail}"
                )
            yield rows

    # --- angels -----------------------------------------------------------------------------

    # COPY columns, in the order connections() writes them
    CONNECTIONS_COLUMNS = (
        "id",
        "requester_id",
        "addressee_id",
        "connection_type",
        "status",
        "message",
        "responded_at",
        "created_at",
        *SYNTHETIC,
    )

    def connections(self) -> Iterator[list[str]]:
        e = self.e
        prefix = e.ids.prefix(I.CONNECTIONS)
        tail, rng, today = self.tail, self.rng, self.today
        angel = self._uid("angel")
        n_angel = self.counts["angel"]
        for a in range(n_angel):
            rng.seed(e.ids.stream(I.K_CONNECTIONS, a))
            me = f"{angel}{a:012x}"
            others: list[tuple[str, str]] = []  # (other user id, connection type)
            # co-investor angels: only with a higher index, so a pair is made once
            ahead = n_angel - a - 1
            for off in rng.sample(range(1, min(40, ahead) + 1), min(ahead, rng.randint(0, 4))):
                others.append((f"{angel}{a + off:012x}", "co-investor"))
            for ut, kinds, low, high in (
                ("founder", ("founder",), 1, 4),
                ("vc", ("co-investor", "mentor", "advisor"), 0, 2),
                ("corporate", ("service-provider",), 0, 1),
            ):
                n = self.counts[ut]
                for x in rng.sample(range(n), min(n, rng.randint(low, high))):
                    others.append((e.user_id(ut, x), kinds[int(rng.random() * len(kinds))]))
            rows = []
            for j, (other, kind) in enumerate(others):
                inbound = kind == "founder" and rng.random() < 0.5
                requester, addressee = (other, me) if inbound else (me, other)
                created = today - rng.randint(2, 700)
                r = rng.random()
                status = "accepted" if r < 0.65 else "requested" if r < 0.9 else "declined"
                responded = (
                    NULL
                    if status == "requested"
                    else _ts(min(today, created + rng.randint(0, 10)), 18, rng.randint(0, 59))
                )
                message = (
                    CONNECTION_MESSAGES[int(rng.random() * len(CONNECTION_MESSAGES))]
                    if rng.random() < 0.6
                    else NULL
                )
                rows.append(
                    f"{prefix}{(a << 6) | j:012x}\t{requester}\t{addressee}\t{kind}\t{status}\t"
                    f"{message}\t{responded}\t{_ts(created, 9, rng.randint(0, 59))}{tail}"
                )
            yield rows

    def _syndicates(self, a: int) -> list[tuple[str, str, list[tuple[int, float, str]]]]:
        """The syndicates angel a leads: (COPY columns after lead_id, status, members)."""
        e, rng, today = self.e, self.rng, self.today
        rng.seed(e.ids.stream(I.K_SYNDICATES, a))
        n_angel = self.counts["angel"]
        r = rng.random()
        count = 0 if r < 0.6 else 1 if r < 0.9 else 2
        out = []
        for _ in range(count):
            c = int(rng.random() * self.n_companies)
            rnd = STAGES[e.c_stage[c]]
            sp = STAGE_PATTERNS[rnd]
            target = round(sp.angel_cheque_high * rng.uniform(3, 10), -3)
            ticket = max(1000.0, round(target * rng.uniform(0.01, 0.05), -2))
            s = rng.random()
            if s < 0.55:
                status, deadline = "open", today + rng.randint(7, 60)
                created = today - rng.randint(1, 40)
            elif s < 0.9:
                status, deadline = "closed", today - rng.randint(10, 400)
                created = deadline - rng.randint(20, 90)
            else:
                status, deadline = "cancelled", today - rng.randint(-20, 200)
                created = min(today, deadline) - rng.randint(10, 60)
            members = []
            others = min(n_angel - 1, rng.randint(1, 8))
            for x in rng.sample(range(n_angel - 1), max(0, others)):
                member = x + (x >= a)
                amount = min(target, round(ticket * rng.uniform(1, 6), -2))
                if status == "cancelled" or rng.random() < 0.1:
                    mstatus = "withdrawn"
                else:
                    mstatus = "committed" if status == "open" else "funded"
                members.append((member, amount, mstatus))
            name = f"{e.company_name(c)} {rnd} syndicate"
            out.append(
                (
                    f"{e.ids.prefix(I.COMPANIES)}{c:012x}\t{name}\t"
                    f"Angels co-investing in {e.company_name(c)}'s {rnd} round\t{rnd}\t"
                    f"{target:.2f}\t{ticket:.2f}\t{rng.choice((15, 20, 20, 25)):.2f}\t"
                    f"{iso(deadline)}\t{status}\t{_ts(created, 11)}",
                    _ts(created + 1, 12),
                    members,
                )
            )
        return out

    # COPY columns, in the order syndicates() writes them
    SYNDICATES_COLUMNS = (
        "id",
        "lead_id",
        "company_id",
        "name",
        "description",
        "investment_round",
        "target_amount",
        "min_ticket",
        "carry_percentage",
        "deadline",
        "status",
        "created_at",
        "founder_consent",
        "founder_consent_at",
        *SYNTHETIC,
    )

    def syndicates(self) -> Iterator[list[str]]:
        prefix = self.e.ids.prefix(I.SYNDICATES)
        angel, tail = self._uid("angel"), self.tail
        answered = iso(self.today)  # seeded syndicates are accepted by their company's founder
        for a in range(self.counts["angel"]):
            yield [
                f"{prefix}{(a << 2) | s:012x}\t{angel}{a:012x}\t{cols}\taccepted\t{answered}{tail}"
                for s, (cols, _, _) in enumerate(self._syndicates(a))
            ]

    # COPY columns, in the order syndicate_members() writes them
    SYNDICATE_MEMBERS_COLUMNS = (
        "id",
        "syndicate_id",
        "member_id",
        "commitment_amount",
        "status",
        "created_at",
        *SYNTHETIC,
    )

    def syndicate_members(self) -> Iterator[list[str]]:
        synd, prefix = self.e.ids.prefix(I.SYNDICATES), self.e.ids.prefix(I.SYNDICATE_MEMBERS)
        angel, tail = self._uid("angel"), self.tail
        for a in range(self.counts["angel"]):
            rows = []
            for s, (_, joined, members) in enumerate(self._syndicates(a)):
                key = (a << 2) | s
                for m, (member, amount, status) in enumerate(members):
                    rows.append(
                        f"{prefix}{(key << 4) | m:012x}\t{synd}{key:012x}\t{angel}{member:012x}\t"
                        f"{amount:.2f}\t{status}\t{joined}{tail}"
                    )
            yield rows

    # --- ESG education ----------------------------------------------------------------------

    def _programmes(self, e_index: int) -> list[tuple[int, int, str, int, int, list[str], str]]:
        """(start, end or 0, level, target students, target teachers, SDG targets, COPY
        columns after user_id) of one ESG account's programmes; reseeds self.rng."""
        rng, today = self.rng, self.today
        rng.seed(self.e.ids.stream(I.K_PROGRAMMES, e_index))
        out = []
        for j in range(rng.randint(2, 4)):
            theme = PROGRAMME_THEMES[int(rng.random() * len(PROGRAMME_THEMES))]
            code, region, currency = PROGRAMME_PLACES[int(rng.random() * len(PROGRAMME_PLACES))]
            level = LEVELS[int(rng.random() * len(LEVELS))]
            mode = ("in_person", "online", "blended")[rng.choices((0, 1, 2), (0.5, 0.2, 0.3))[0]]
            r = rng.random()
            if r < 0.6:
                status, start = "active", today - rng.randint(60, 900)
                end = start + rng.randint(730, 1460) if rng.random() < 0.5 else 0
            elif r < 0.9:
                status, start = "completed", today - rng.randint(800, 2000)
                end = min(today - 1, start + rng.randint(180, 720))
            else:
                status, start, end = "suspended", today - rng.randint(200, 900), 0
            students, teachers = rng.randint(100, 5000), rng.randint(10, 300)
            budget = (students * rng.uniform(80, 600) + teachers * 1500) * FX[currency]
            sdg = sorted(rng.sample(SDG, rng.randint(2, 4)), key=SDG.index)
            name = f"{theme} ({region}, phase {j + 1})"
            out.append(
                (
                    start,
                    end,
                    level,
                    students,
                    teachers,
                    sdg,
                    f"{name}\t{theme} for {level.replace('_', ' ')} learners in {region}\t"
                    f"{code}\t{region}\t{level}\t{mode}\t{status}\t{iso(start)}\t"
                    f"{iso(end) if end else NULL}\t{budget:.2f}\t{currency}\t{students}\t"
                    f"{teachers}\t{{{','.join(sdg)}}}\t{_ts(start, 9)}",
                )
            )
        return out

    # COPY columns, in the order education_programmes() writes them
    EDUCATION_PROGRAMMES_COLUMNS = (
        "id",
        "user_id",
        "name",
        "description",
        "country_code",
        "region",
        "education_level",
        "delivery_mode",
        "status",
        "start_date",
        "end_date",
        "budget",
        "currency",
        "target_students",
        "target_teachers",
        "sdg_targets",
        "created_at",
        *SYNTHETIC,
    )

    def education_programmes(self) -> Iterator[list[str]]:
        prefix, user, tail = self.e.ids.prefix(I.PROGRAMMES), self._uid("esg"), self.tail
        for k in range(self.counts["esg"]):
            yield [
                f"{prefix}{(k << 3) | j:012x}\t{user}{k:012x}\t{p[6]}{tail}"
                for j, p in enumerate(self._programmes(k))
            ]

    # COPY columns, in the order _programme_rows() writes them
    EDUCATION_STUDENT_OUTCOMES_COLUMNS = (
        "id",
        "programme_id",
        "user_id",
        "cohort_name",
        "reported_on",
        "students_enrolled",
        "students_completed",
        "students_assessed",
        "students_proficient",
        "female_students",
        "students_with_disabilities",
        "placed_in_employment",
        "placed_in_further_education",
        "average_assessment_score",
        "created_at",
        *SYNTHETIC,
    )

    # COPY columns, in the order _programme_rows() writes them
    EDUCATION_TEACHER_TRAINING_COLUMNS = (
        "id",
        "programme_id",
        "user_id",
        "training_date",
        "training_type",
        "teachers_trained",
        "female_teachers",
        "hours_per_teacher",
        "teachers_certified",
        "certification",
        "pre_assessment_score",
        "post_assessment_score",
        "created_at",
        *SYNTHETIC,
    )

    # COPY columns, in the order _programme_rows() writes them
    EDUCATION_UNESCO_COMPLIANCE_COLUMNS = (
        "id",
        "programme_id",
        "user_id",
        "sdg_target",
        "status",
        "assessed_on",
        "assessor",
        "evidence_uri",
        "notes",
        "created_at",
        *SYNTHETIC,
    )

    def _programme_rows(self, code: int, build: str) -> Iterator[list[str]]:
        prog_prefix, prefix = self.e.ids.prefix(I.PROGRAMMES), self.e.ids.prefix(code)
        user, tail, rng, today = self._uid("esg"), self.tail, self.rng, self.today
        for k in range(self.counts["esg"]):
            rows = []
            for j, (start, end, level, students, teachers, sdg, _) in enumerate(
                self._programmes(k)
            ):
                key = (k << 3) | j
                rng.seed(self.e.ids.stream(I.K_PROGRAMME_ROWS, (key << 2) | (code & 3)))
                last = min(today, end) if end else today
                head = f"{prog_prefix}{key:012x}\t{user}{k:012x}"
                if build == "outcomes":
                    cohorts = max(1, min(4, (last - start) // 365 + 1))
                    for c in range(cohorts):
                        reported = min(last, start + (c + 1) * 300)
                        enrolled = max(1, int(students / cohorts * rng.uniform(0.6, 1.2)))
                        done = int(enrolled * rng.uniform(0.5, 0.95))
                        assessed = int(enrolled * rng.uniform(0.7, 1.0))
                        proficient = int(assessed * rng.uniform(0.3, 0.85))
                        if level in WORK_LEVELS:
                            employed = int(done * rng.uniform(0.2, 0.6))
                            further = int((done - employed) * rng.uniform(0, 0.4))
                        else:
                            employed, further = 0, int(done * rng.uniform(0.5, 0.95))
                        rows.append(
                            f"{prefix}{(key << 3) | c:012x}\t{head}\t"
                            f"Cohort {c + 1} ({date.fromordinal(reported).year})\t"
                            f"{iso(reported)}\t{enrolled}\t{done}\t{assessed}\t{proficient}\t"
                            f"{int(enrolled * rng.uniform(0.4, 0.6))}\t"
                            f"{int(enrolled * rng.uniform(0.01, 0.08))}\t{employed}\t{further}\t"
                            f"{rng.uniform(45, 88):.2f}\t{_ts(reported, 15)}{tail}"
                        )
                elif build == "training":
                    span = max(1, last - start)
                    batches = min(span, rng.randint(1, 3))
                    for b, off in enumerate(sorted(rng.sample(range(span), batches))):
                        trained = max(1, int(teachers / batches * rng.uniform(0.5, 1.1)))
                        kind = TRAINING_TYPES[int(rng.random() * 4)]
                        certified = int(trained * rng.uniform(0, 0.9)) if kind != "coaching" else 0
                        cert = CERTIFICATIONS[int(rng.random() * 3)] if certified else NULL
                        pre = rng.uniform(30, 65)
                        rows.append(
                            f"{prefix}{(key << 3) | b:012x}\t{head}\t{iso(start + off)}\t{kind}\t"
                            f"{trained}\t{int(trained * rng.uniform(0.3, 0.7))}\t"
                            f"{rng.uniform(8, 200):.2f}\t{certified}\t{cert}\t{pre:.2f}\t"
                            f"{min(100.0, pre + rng.uniform(4, 25)):.2f}\t"
                            f"{_ts(start + off, 16)}{tail}"
                        )
                else:
                    for t, target in enumerate(sdg):
                        assessed_on = min(today, start + rng.randint(90, 400))
                        status = ("compliant", "partial", "non_compliant", "not_applicable")[
                            rng.choices((0, 1, 2, 3), (0.5, 0.3, 0.15, 0.05))[0]
                        ]
                        evidence = (
                            f"https://evidence.auxeira.example.com/{key:x}/sdg-{target}.pdf"
                            if status in ("compliant", "partial") or rng.random() < 0.3
                            else NULL
                        )
                        note = (
                            COMPLIANCE_NOTES[int(rng.random() * 3)] if rng.random() < 0.5 else NULL
                        )
                        rows.append(
                            f"{prefix}{(key << 4) | t:012x}\t{head}\t{target}\t{status}\t"
                            f"{iso(assessed_on)}\t{ASSESSORS[int(rng.random() * 3)]}\t"
                            f"{evidence}\t{note}\t{_ts(assessed_on, 14)}{tail}"
                        )
            yield rows

    # --- government -------------------------------------------------------------------------

    def _country(self, g: int) -> str:
        """The agency's country: the city _firm() named it after (same draws)."""
        rng = random.Random(self.e.ids.stream(I.K_FIRM, self.e._ugid("government", g)))
        cities = self.e.pools.cities
        return cities[int(rng.random() * len(cities))][1]

    def _policies(self, g: int) -> list[tuple[int, int, tuple[str, ...], str]]:
        """(start, end or 0, metrics, COPY columns after owner_id) of an agency's policies."""
        rng, today, e = self.rng, self.today, self.e
        country = self._country(g)
        rng.seed(e.ids.stream(I.K_POLICIES, g))
        out = []
        for t in rng.sample(range(len(POLICIES)), rng.randint(2, 4)):
            name, kind, metrics = POLICIES[t]
            start = today - rng.randint(200, 1500)
            end = start + rng.randint(3, 6) * 365 if rng.random() < 0.6 else 0
            targets = {
                m: (
                    rng.randint(5, 200) * 10
                    if m.endswith(("created", "supported", "filed"))
                    else round(rng.uniform(1e5, 5e7), -3)
                )
                for m in metrics
            }
            industry = (
                e.industry_names[e.industry_idx[int(rng.random() * len(e.industry_idx))]]
                if rng.random() < 0.4
                else NULL
            )
            stage = STAGES[int(rng.random() * 3)] if rng.random() < 0.4 else NULL
            budget = rng.uniform(5e5, 5e7)
            out.append(
                (
                    start,
                    end,
                    metrics,
                    f"{name}\t{country}\t{kind}\t{name} of {country}\t{iso(start)}\t"
                    f"{iso(end) if end else NULL}\t{budget:.2f}\t{json.dumps(targets)}\t"
                    f"{industry}\t{stage}\t{_ts(start - 30, 10)}",
                )
            )
        return out

    # COPY columns, in the order government_policies() writes them
    GOVERNMENT_POLICIES_COLUMNS = (
        "id",
        "owner_id",
        "name",
        "jurisdiction",
        "instrument_type",
        "description",
        "start_date",
        "end_date",
        "budget",
        "target_metrics",
        "target_industry",
        "target_stage",
        "created_at",
        *SYNTHETIC,
    )

    def government_policies(self) -> Iterator[list[str]]:
        prefix, user, tail = self.e.ids.prefix(I.POLICIES), self._uid("government"), self.tail
        for g in range(self.counts["government"]):
            yield [
                f"{prefix}{(g << 3) | j:012x}\t{user}{g:012x}\t{p[3]}{tail}"
                for j, p in enumerate(self._policies(g))
            ]

    # COPY columns, in the order government_policy_impacts() writes them
    GOVERNMENT_POLICY_IMPACTS_COLUMNS = (
        "id",
        "policy_id",
        "owner_id",
        "metric",
        "period_start",
        "period_end",
        "baseline",
        "measured",
        "attributed_companies",
        "methodology",
        "created_at",
        *SYNTHETIC,
    )

    def government_policy_impacts(self) -> Iterator[list[str]]:
        pol, prefix = self.e.ids.prefix(I.POLICIES), self.e.ids.prefix(I.POLICY_IMPACTS)
        user, tail, rng, today = self._uid("government"), self.tail, self.rng, self.today
        quarters = self.e.quarter_ends
        for g in range(self.counts["government"]):
            rows = []
            for j, (start, end, metrics, _) in enumerate(self._policies(g)):
                key = (g << 3) | j
                rng.seed(self.e.ids.stream(I.K_POLICIES, (1 << 40) | key))
                stop = min(today, end) if end else today
                q_ends = [q for q in quarters if start < q <= stop][-6:]
                for m, metric in enumerate(metrics):
                    base = (
                        rng.uniform(50, 500)
                        if metric.endswith(("created", "supported", "filed"))
                        else rng.uniform(1e5, 5e6)
                    )
                    level = base
                    for n, q_end in enumerate(q_ends):
                        qd = date.fromordinal(q_end)
                        q_start = date(qd.year, qd.month - 2, 1).toordinal()
                        level *= rng.uniform(1.0, 1.25)
                        measured = (
                            f"{int(level)}"
                            if metric.endswith(("created", "supported", "filed"))
                            else f"{level:.2f}"
                        )
                        rows.append(
                            f"{prefix}{(key << 8) | (m << 4) | n:012x}\t{pol}{key:012x}\t"
                            f"{user}{g:012x}\t{metric}\t{iso(max(q_start, start))}\t"
                            f"{iso(q_end)}\t{base:.2f}\t{measured}\t{rng.randint(3, 120)}\t"
                            f"{METHODOLOGIES[int(rng.random() * 3)]}\t"
                            f"{_ts(min(today, q_end + 20), 10)}{tail}"
                        )
            yield rows

    def _requirements(self, g: int) -> list[tuple[int, str, str | None, str]]:
        """(index, country, industry or None, COPY columns after owner_id) of an agency's
        requirements; index -1..-6 are the platform's (no owner)."""
        e, rng, today = self.e, self.rng, self.today
        country = self._country(g)
        cc = COUNTRY_CODES.get(country, "XX")
        rng.seed(e.ids.stream(I.K_REQUIREMENTS, g))
        out = []
        for j, t in enumerate(rng.sample(range(len(REQUIREMENTS)), rng.randint(2, 4))):
            code, name, category = REQUIREMENTS[t]
            industry = (
                e.industry_names[e.industry_idx[int(rng.random() * len(e.industry_idx))]]
                if rng.random() < 0.25
                else None
            )
            out.append(
                (
                    j,
                    country,
                    industry,
                    f"{cc}-{code}-{e.ids.tag}-{g:x}\t{name}\t{country}\t{category}\t"
                    f"{name} ({country})\t{industry or NULL}\t"
                    f"{iso(today - rng.randint(100, 2000))}",
                )
            )
        return out

    def _platform_requirements(self) -> list[str]:
        return [
            f"{code}-{self.e.ids.tag}\t{name}\t{where}\t{category}\t{name} ({where})\t{NULL}\t"
            f"{iso(self.today - 1500 - 90 * p)}"
            for p, (code, name, where, category) in enumerate(PLATFORM_REQUIREMENTS)
        ]

    # COPY columns, in the order regulatory_requirements() writes them
    REGULATORY_REQUIREMENTS_COLUMNS = (
        "id",
        "owner_id",
        "code",
        "name",
        "jurisdiction",
        "category",
        "description",
        "applies_to_industry",
        "effective_date",
        *SYNTHETIC,
    )

    def regulatory_requirements(self) -> Iterator[list[str]]:
        prefix, user, tail = self.e.ids.prefix(I.REQUIREMENTS), self._uid("government"), self.tail
        yield [
            f"{prefix}{p:012x}\t{NULL}\t{cols}{tail}"
            for p, cols in enumerate(self._platform_requirements())
        ]
        for g in range(self.counts["government"]):
            yield [
                f"{prefix}{((g + 1) << 4) | j:012x}\t{user}{g:012x}\t{cols}{tail}"
                for j, _, _, cols in self._requirements(g)
            ]

    def requirement_index(self) -> dict[str, list[tuple[int, str | None]]]:
        """Country -> [(requirement id suffix, industry or None)]; a few entries per agency."""
        if self._requirement_index is None:
            index: dict[str, list[tuple[int, str | None]]] = {}
            for g in range(self.counts["government"]):
                for j, country, industry, _ in self._requirements(g):
                    index.setdefault(country, []).append((((g + 1) << 4) | j, industry))
            self._requirement_index = index
        return self._requirement_index

    # COPY columns, in the order company_compliance() writes them
    COMPANY_COMPLIANCE_COLUMNS = (
        "id",
        "company_id",
        "requirement_id",
        "status",
        "assessed_on",
        "evidence_reference",
        "notes",
        "shared_with_regulator",
        "created_at",
        *SYNTHETIC,
    )

    def company_compliance(self) -> Iterator[list[str]]:
        e = self.e
        prefix, req = e.ids.prefix(I.COMPLIANCE), e.ids.prefix(I.REQUIREMENTS)
        company, tail, rng, today = e.ids.prefix(I.COMPANIES), self.tail, self.rng, self.today
        index = self.requirement_index()
        for i in range(self.n_companies):
            rng.seed(e.ids.stream(I.K_COMPLIANCE, i))
            industry = e.industry_names[e.c_industry[i]]
            mine = [
                r
                for r, ind in index.get(e.pools.cities[e.c_city[i]][1], [])
                if ind in (None, industry)
            ]
            if len(mine) > 6:
                mine = rng.sample(mine, 6)
            chosen = rng.sample(range(len(PLATFORM_REQUIREMENTS)), rng.randint(2, 4)) + mine
            cid = f"{company}{i:012x}"
            rows = []
            for n, r in enumerate(chosen):
                status = rng.choices(COMPLIANCE_STATUSES, COMPLIANCE_WEIGHTS)[0]
                assessed = max(e.c_founded[i], today - rng.randint(0, 300))
                evidence = (
                    f"s3://auxeira-compliance/{cid}/{r:x}.pdf"
                    if status in ("compliant", "partial")
                    else NULL
                )
                rows.append(
                    f"{prefix}{(i << 5) | n:012x}\t{cid}\t{req}{r:012x}\t{status}\t"
                    f"{iso(assessed)}\t{evidence}\t{NULL}\t"
                    f"{'t' if rng.random() < 0.65 else 'f'}\t{_ts(assessed, 13)}{tail}"
                )
            yield rows

    # --- corporate auctions -----------------------------------------------------------------

    def _auctions(self, i: int) -> tuple[str, str, list[Bid]] | None:
        """Founder i's auction (every fourth founder opens one): (state, COPY columns after id,
        bids as (corporate index, nonce, amount or None, revealed_at or None)); None if none.
        Reseeds self.rng."""
        if i % 4 or not self.counts["corporate"]:
            return None
        e, rng = self.e, self.rng
        rng.seed(e.ids.stream(I.K_AUCTIONS, i))
        state = AUCTION_CYCLE[(i // 4) % len(AUCTION_CYCLE)]
        live = datetime.fromordinal(self.live_day).replace(hour=12, tzinfo=UTC)
        day = timedelta(days=1)
        cancelled: datetime | None = None
        if state == "open":
            opens = live - rng.randint(1, 10) * day
            closes = live + rng.randint(2, 20) * day
        elif state == "revealing":
            opens = live - rng.randint(20, 40) * day
            closes = live - rng.randint(2, 5) * day
        elif state == "closed":
            opens = live - rng.randint(60, 300) * day
            closes = opens + rng.randint(14, 45) * day
        elif state == "scheduled":
            opens = live + rng.randint(3, 20) * day
            closes = opens + rng.randint(14, 30) * day
        else:  # cancelled before it closed
            opens = live - rng.randint(10, 100) * day
            closes = opens + rng.randint(14, 45) * day
            last = min(closes, live) - day
            cancelled = opens + rng.randint(1, max(1, (last - opens).days)) * day
        reveal = closes + rng.randint(3, 10) * day
        if state == "revealing":
            reveal = live + rng.randint(2, 10) * day
        kind, low, high = OPPORTUNITIES[rng.choices((0, 1, 2, 3), (0.35, 0.25, 0.3, 0.1))[0]]
        reserve = round(math.exp(rng.uniform(math.log(low), math.log(high))) * 0.6, -2)
        scope = AUCTION_SCOPES[int(rng.random() * len(AUCTION_SCOPES))]
        opener = f"{self._uid('founder')}{i:012x}" if rng.random() < 0.8 else NULL
        name = e.company_name(i)
        cols = (
            f"{e.ids.prefix(I.COMPANIES)}{i:012x}\t{opener}\t{kind.upper()}: {scope} with {name}\t"
            f"{name} seeks a corporate partner for a {kind} on {scope}\t{kind}\t"
            f"{opens.isoformat()}\t{closes.isoformat()}\t{reveal.isoformat()}\t{reserve:.2f}\t"
            f"{cancelled.isoformat() if cancelled else NULL}\t"
            f"{(min(opens, live) - 2 * day).isoformat()}"
        )
        bids: list[Bid] = []
        if state in ("open", "revealing", "closed"):
            n_corp = self.counts["corporate"]
            for c in rng.sample(range(n_corp), min(n_corp, rng.randint(1, 5))):
                nonce = f"{rng.getrandbits(128):032x}"
                amount = f"{max(100.0, reserve * rng.uniform(0.7, 2.2)):.2f}"
                revealed: datetime | None = None
                if state == "revealing" and rng.random() < 0.6:
                    revealed = closes + rng.randint(1, 24) * timedelta(hours=1)
                elif state == "closed" and rng.random() < 0.85:
                    hours = (reveal - closes) // timedelta(hours=1)
                    revealed = closes + rng.randint(1, hours - 1) * timedelta(hours=1)
                committed = opens + rng.randint(1, (closes - opens) // timedelta(hours=1) - 1) * (
                    timedelta(hours=1)
                )
                bids.append((c, nonce, amount, revealed, committed))
        return state, cols, bids

    # COPY columns, in the order partnership_auctions() writes them
    PARTNERSHIP_AUCTIONS_COLUMNS = (
        "id",
        "company_id",
        "opened_by",
        "title",
        "description",
        "opportunity_type",
        "opens_at",
        "closes_at",
        "reveal_closes_at",
        "reserve_amount",
        "cancelled_at",
        "created_at",
        *SYNTHETIC,
    )

    def partnership_auctions(self) -> Iterator[list[str]]:
        prefix, tail = self.e.ids.prefix(I.AUCTIONS), self.tail
        for i in range(0, self.n_companies, 4):
            got = self._auctions(i)
            yield [] if got is None else [f"{prefix}{i:012x}\t{got[1]}{tail}"]

    # COPY columns, in the order auction_bids() writes them
    AUCTION_BIDS_LIVE_COLUMNS = (
        "id",
        "auction_id",
        "bidder_id",
        "commitment",
        *SYNTHETIC,
    )

    # COPY columns, in the order auction_bids() writes them
    AUCTION_BIDS_HISTORY_COLUMNS = (
        "id",
        "auction_id",
        "bidder_id",
        "commitment",
        "committed_at",
        "amount",
        "nonce",
        "revealed_at",
        *SYNTHETIC,
    )

    def auction_bids(self, *, live: bool) -> Iterator[list[str]]:
        """Bids of open auctions (live, through the trigger), or of closed ones (history)."""
        auction, prefix = self.e.ids.prefix(I.AUCTIONS), self.e.ids.prefix(I.BIDS)
        corporate, tail = self._uid("corporate"), self.tail
        for i in range(0, self.n_companies, 4):
            got = self._auctions(i)
            if got is None or (got[0] == "open") != live:
                yield []
                continue
            aid = f"{auction}{i:012x}"
            rows = []
            for n, bid in enumerate(got[2]):
                c, nonce, amount, revealed, committed = bid
                bidder = f"{corporate}{c:012x}"
                commitment = bid_commitment(uuid.UUID(aid), uuid.UUID(bidder), amount, nonce).hex()
                if live:
                    rows.append(
                        f"{prefix}{(i << 4) | n:012x}\t{aid}\t{bidder}\t\\\\x{commitment}{tail}"
                    )
                else:
                    shown = (amount, nonce, revealed.isoformat()) if revealed else (NULL,) * 3
                    rows.append(
                        f"{prefix}{(i << 4) | n:012x}\t{aid}\t{bidder}\t\\\\x{commitment}\t"
                        f"{committed.isoformat()}\t{shown[0]}\t{shown[1]}\t{shown[2]}{tail}"
                    )
            yield rows

    # --- the load plan ----------------------------------------------------------------------

    def tables(self) -> list[Table]:
        """The dashboard tables in load order (parents first)."""
        c = self.counts
        founders, vcs, angels = c["founder"], c["vc"], c["angel"]
        esg, gov, corp = c["esg"], c["government"], c["corporate"]
        bids = self.e.ids.prefix(I.BIDS)
        guard = "ALTER TABLE auxeira.auction_bids {} TRIGGER auction_bids_guard"
        return [
            Table(
                "founder_daily_actions",
                self.FOUNDER_DAILY_ACTIONS_COLUMNS,
                lambda: batched(self.founder_daily_actions()),
                founders * ACTION_DAYS * 2,
            ),
            Table(
                "customer_interviews",
                self.CUSTOMER_INTERVIEWS_COLUMNS,
                lambda: batched(self.customer_interviews()),
                founders * 5,
            ),
            Table(
                "startup_evidence",
                self.STARTUP_EVIDENCE_COLUMNS,
                lambda: batched(self.startup_evidence()),
                founders * 3,
            ),
            Table(
                "deals",
                self.DEALS_COLUMNS,
                lambda: batched(self.deals()),
                vcs * 12,
            ),
            Table(
                "lp_report_purchases",
                self.LP_REPORT_PURCHASES_COLUMNS,
                lambda: batched(self.lp_report_purchases()),
                vcs,
            ),
            Table(
                "connections",
                self.CONNECTIONS_COLUMNS,
                lambda: batched(self.connections()),
                angels * 6,
            ),
            Table(
                "syndicates",
                self.SYNDICATES_COLUMNS,
                lambda: batched(self.syndicates()),
                max(1, angels // 2),
            ),
            Table(
                "syndicate_members",
                self.SYNDICATE_MEMBERS_COLUMNS,
                lambda: batched(self.syndicate_members()),
                angels * 2,
            ),
            Table(
                "education_programmes",
                self.EDUCATION_PROGRAMMES_COLUMNS,
                lambda: batched(self.education_programmes()),
                esg * 3,
            ),
            Table(
                "education_student_outcomes",
                self.EDUCATION_STUDENT_OUTCOMES_COLUMNS,
                lambda: batched(self._programme_rows(I.OUTCOMES, "outcomes")),
                esg * 6,
            ),
            Table(
                "education_teacher_training",
                self.EDUCATION_TEACHER_TRAINING_COLUMNS,
                lambda: batched(self._programme_rows(I.TRAINING, "training")),
                esg * 6,
            ),
            Table(
                "education_unesco_compliance",
                self.EDUCATION_UNESCO_COMPLIANCE_COLUMNS,
                lambda: batched(self._programme_rows(I.UNESCO, "unesco")),
                esg * 9,
            ),
            Table(
                "government_policies",
                self.GOVERNMENT_POLICIES_COLUMNS,
                lambda: batched(self.government_policies()),
                gov * 3,
            ),
            Table(
                "government_policy_impacts",
                self.GOVERNMENT_POLICY_IMPACTS_COLUMNS,
                lambda: batched(self.government_policy_impacts()),
                gov * 30,
            ),
            Table(
                "regulatory_requirements",
                self.REGULATORY_REQUIREMENTS_COLUMNS,
                lambda: batched(self.regulatory_requirements()),
                len(PLATFORM_REQUIREMENTS) + gov * 3,
            ),
            Table(
                "company_compliance",
                self.COMPANY_COMPLIANCE_COLUMNS,
                lambda: batched(self.company_compliance()),
                founders * 4,
            ),
            Table(
                "partnership_auctions",
                self.PARTNERSHIP_AUCTIONS_COLUMNS,
                lambda: batched(self.partnership_auctions()),
                founders // 4 if corp else 0,
            ),
            # sealed bids of open auctions: through the guard trigger (committed_at = now())
            Table(
                "auction_bids",
                self.AUCTION_BIDS_LIVE_COLUMNS,
                lambda: batched(self.auction_bids(live=True)),
                founders // 4 if corp else 0,
            ),
            # bids of auctions that have closed: history the trigger cannot admit at one now()
            Table(
                "auction_bids",
                self.AUCTION_BIDS_HISTORY_COLUMNS,
                lambda: batched(self.auction_bids(live=False)),
                founders // 2 if corp else 0,
                before=(guard.format("DISABLE"),),
                after=(guard.format("ENABLE"), check_history_sql(bids)),
            ),
        ]


def check_history_sql(bid_prefix: str) -> str:
    """SQL that checks every bid of this run (ids starting with bid_prefix), including those
    copied without the guard trigger, against every rule the trigger enforces, and raises
    (aborting the seed) on the first violation."""
    if not all(ch in "0123456789abcdef-" for ch in bid_prefix):
        raise ValueError(f"not an id prefix: {bid_prefix!r}")
    return f"""
DO $check$
DECLARE
    bad text;
BEGIN
    SELECT b.id::text INTO bad
    FROM auxeira.auction_bids AS b
    JOIN auxeira.partnership_auctions AS a ON a.id = b.auction_id
    LEFT JOIN auxeira.users AS u ON u.id = b.bidder_id
    WHERE b.id::text LIKE '{bid_prefix}%'
      AND (u.user_type IS DISTINCT FROM 'corporate'
           OR a.cancelled_at IS NOT NULL
           OR b.committed_at > now()
           OR b.committed_at < a.opens_at
           OR b.committed_at >= a.closes_at
           OR (b.revealed_at IS NOT NULL
               AND (b.revealed_at < a.closes_at
                    OR b.revealed_at >= a.reveal_closes_at
                    OR b.revealed_at > now()
                    OR auxeira.auction_bid_commitment(b.auction_id, b.bidder_id, b.amount, b.nonce)
                       IS DISTINCT FROM b.commitment)))
    LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'synthetic bid % breaks the rules of auction_bids_guard', bad
            USING ERRCODE = 'check_violation';
    END IF;
END
$check$"""
