"""Options of a synthetic run: personas, scales, counts, time-to-live, the reference date."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from auxeira_db.errors import SyntheticOptionsError
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

_TTL = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$", re.IGNORECASE)
_TTL_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_ttl(text: str) -> timedelta:
    """'30m', '12h', '7d', '2w' (also 's') as a timedelta; anything else is refused."""
    match = _TTL.match(text or "")
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
