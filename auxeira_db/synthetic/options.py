"""Options of a synthetic run: personas, scales, counts, time-to-live, the reference date."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from auxeira_db.errors import InvalidArgument, SyntheticOptionsError
from auxeira_db.synthetic.patterns import INDUSTRY_NAMES, STAGES

PERSONAS: tuple[str, ...] = ("startup", "vc", "angel", "esg", "government", "corporate", "all")
USER_TYPES: tuple[str, ...] = ("founder", "vc", "angel", "esg", "government", "corporate")
PERSONA_USER_TYPE: dict[str, str] = {
    "startup": "founder",
    "vc": "vc",
    "angel": "angel",
    "esg": "esg",
    "government": "government",
    "corporate": "corporate",
}
SCALES: tuple[str, ...] = ("small", "medium", "large")

# Accounts per user type for `--persona all` at each scale. `large` is about 2 million rows.
SCALE_COUNTS: dict[str, dict[str, int]] = {
    "small": {"founder": 40, "vc": 4, "angel": 8, "esg": 4, "government": 2, "corporate": 4},
    "medium": {
        "founder": 1000,
        "vc": 100,
        "angel": 200,
        "esg": 100,
        "government": 50,
        "corporate": 100,
    },
    "large": {
        "founder": 10000,
        "vc": 1000,
        "angel": 2000,
        "esg": 1000,
        "government": 500,
        "corporate": 1000,
    },
}
# Companies (with their founders) generated per account of a single non-startup persona, so that
# investors, ESG analysts, agencies and corporates have an ecosystem to look at.
FOUNDERS_PER: dict[str, int] = {
    "vc": 10,
    "angel": 5,
    "esg": 10,
    "government": 20,
    "corporate": 10,
}

# The default reference date: every date in the generated rows is on or before it, so the same
# seed gives the same rows whatever the day (only expires_at depends on the clock).
DEFAULT_AS_OF = date(2026, 6, 30)
# The range of --as-of the data model supports: generated histories reach about ten years back
# and some tables refuse dates before 2000 (customer_interviews); a date after today would date
# rows in the future.
EARLIEST_AS_OF = date(2010, 1, 1)
SEED_LIMIT = 2**63  # seeds are whole numbers in [0, 2**63)
# --times: every account count multiplied (the same shape per tenant, more tenants)
MAX_TIMES = 16


def max_count(persona: str) -> int:
    """The largest --count of a persona: its accounts at the large scale (for `all`, the
    founders), so that no single option can ask for more than about 2 million rows."""
    user_type = "founder" if persona == "all" else PERSONA_USER_TYPE[persona]
    return SCALE_COUNTS["large"][user_type]


def latest_as_of() -> date:
    """Today (UTC) plus a day of tolerance for time zones: no generated row is in the future."""
    return datetime.now(UTC).date() + timedelta(days=1)


def validate_options(
    *,
    persona: str | None = None,
    count: int | None = None,
    scale: str = "small",
    seed: int | None = None,
    ttl: str = "7d",
    template: str | None = None,
    as_of: date | None = None,
    times: int = 1,
) -> None:
    """Check every option of a run that can be checked without a database, raising
    SyntheticOptionsError (or InvalidArgument for a wrong Python type) before any work."""
    for name, value in (("persona", persona), ("template", template)):
        if value is not None and not isinstance(value, str):
            raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    for name, value in (("scale", scale), ("ttl", ttl)):
        if not isinstance(value, str):
            raise InvalidArgument(f"{name} must be a str, not {type(value).__name__}")
    for name, number in (("count", count), ("seed", seed), ("times", times)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
            raise InvalidArgument(f"{name} must be an int, not {type(number).__name__} {number!r}")
    if as_of is not None and (not isinstance(as_of, date) or isinstance(as_of, datetime)):
        raise InvalidArgument(
            f"as_of must be a datetime.date, not {type(as_of).__name__} {as_of!r}"
        )
    if persona is not None and persona not in PERSONAS:
        raise SyntheticOptionsError(
            f"unknown persona {persona!r}: choose one of {', '.join(PERSONAS)}"
        )
    if scale not in SCALES:
        raise SyntheticOptionsError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    if count is not None:
        limit = max_count(persona or "all")
        if not 1 <= count <= limit:
            raise SyntheticOptionsError(
                f"--count must be between 1 and {limit:,} for persona {persona or 'all'}"
                f" (the large scale), not {count:,}"
            )
    if not 1 <= times <= MAX_TIMES:
        raise SyntheticOptionsError(f"--times must be between 1 and {MAX_TIMES}, not {times}")
    if seed is not None and not 0 <= seed < SEED_LIMIT:
        raise SyntheticOptionsError(f"--seed must be between 0 and 2**63 - 1, not {seed}")
    parse_ttl(ttl)
    if template is not None and not template.strip():
        raise SyntheticOptionsError("--template is empty: give a template name")
    if as_of is not None and not EARLIEST_AS_OF <= as_of <= latest_as_of():
        raise SyntheticOptionsError(
            f"--as-of {as_of.isoformat()} is outside the supported range"
            f" {EARLIEST_AS_OF.isoformat()} to today ({datetime.now(UTC).date().isoformat()})"
        )


_TTL = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$", re.IGNORECASE)
_TTL_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_ttl(text: str) -> timedelta:
    """'30m', '12h', '7d', '2w' (also 's') as a timedelta; anything else is refused."""
    if not isinstance(text, str):
        raise InvalidArgument(f"ttl must be a str such as '7d', not {type(text).__name__}")
    match = _TTL.match(text)
    if not match:
        raise SyntheticOptionsError(
            f"invalid --ttl {text!r}: use a whole number and a unit s, m, h, d or w (e.g. 7d, 12h)"
        )
    amount, unit = int(match.group(1)), match.group(2).lower()
    if amount <= 0:
        raise SyntheticOptionsError(f"invalid --ttl {text!r}: it must be longer than zero")
    delta = timedelta(**{_TTL_UNITS[unit]: amount})
    if delta > timedelta(days=3650):
        raise SyntheticOptionsError(f"invalid --ttl {text!r}: at most 10 years")
    return delta


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True)
class Plan:
    """Everything that decides the rows of a run; the same plan gives the same rows."""

    persona: str
    counts: dict[str, int]
    seed: int
    as_of: date
    industries: tuple[str, ...] = INDUSTRY_NAMES
    stages: tuple[str, ...] = STAGES
    investment_amount: Range | None = None
    investments_per_vc: Range = field(default_factory=lambda: Range(15, 35))
    investments_per_angel: Range = field(default_factory=lambda: Range(4, 12))
    partnerships_per_corporate: Range = field(default_factory=lambda: Range(2, 8))
    template: str | None = None

    @property
    def run_key(self) -> int:
        """A 64-bit key of the plan: ids, e-mails and payment references derive from it, so
        different plans never collide and the same plan always gives the same ids."""
        text = repr(
            (
                self.persona,
                sorted(self.counts.items()),
                self.seed,
                self.as_of.isoformat(),
                self.industries,
                self.stages,
                self.investment_amount,
                self.investments_per_vc,
                self.investments_per_angel,
                self.partnerships_per_corporate,
            )
        )
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def default_counts(persona: str, scale: str, count: int | None) -> dict[str, int]:
    """Accounts per user type for a persona, a scale and an optional --count."""
    if persona not in PERSONAS:
        raise SyntheticOptionsError(
            f"unknown persona {persona!r}: choose one of {', '.join(PERSONAS)}"
        )
    if scale not in SCALES:
        raise SyntheticOptionsError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    if count is not None and count < 1:
        raise SyntheticOptionsError(f"--count must be at least 1, not {count}")
    base = SCALE_COUNTS[scale]
    counts = dict.fromkeys(USER_TYPES, 0)
    if persona == "all":
        if count is None:
            return dict(base)
        for user_type in USER_TYPES:
            counts[user_type] = max(1, round(count * base[user_type] / base["founder"]))
        return counts
    user_type = PERSONA_USER_TYPE[persona]
    primary = count if count is not None else base[user_type]
    counts[user_type] = primary
    if user_type != "founder":
        counts["founder"] = max(2, primary * FOUNDERS_PER[user_type])
    return counts


def validate_plan(plan: Plan) -> None:
    """Refuse a plan that cannot produce valid rows, with a message that says why."""
    for user_type, n in plan.counts.items():
        if n < 0:
            raise SyntheticOptionsError(f"count of {user_type} must not be negative ({n})")
    if sum(plan.counts.values()) == 0:
        raise SyntheticOptionsError("nothing to generate: every count is 0")
    investors = plan.counts.get("vc", 0) + plan.counts.get("angel", 0)
    needs_companies = investors + plan.counts.get("corporate", 0)
    if needs_companies and plan.counts.get("founder", 0) == 0:
        raise SyntheticOptionsError(
            "investors and corporates need companies: the founder count must be at least 1"
        )
    if not plan.industries:
        raise SyntheticOptionsError("at least one industry is needed")
    if not plan.stages:
        raise SyntheticOptionsError("at least one stage is needed")
