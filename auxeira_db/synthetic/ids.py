"""Deterministic identifiers and random streams.

Every id is a version-4-shaped UUID built from the run key (the hash of the plan: seed and
options), a table code and a row counter: the same plan gives the same ids, two plans never
share one, and no uuid4() or clock is involved. Every entity (a company, an investor, a user)
draws from its own stream, seeded from the run key, a stream kind and the entity's index, so a
table can be generated on its own, in any order, and still agree with the others.
"""

from __future__ import annotations

import random
from datetime import date
from functools import lru_cache

# table / entity codes (3 hex digits in the id)
USERS = 0x010  # + user type index
COMPANIES = 0x020
FUNDS = 0x030
FUND_FLOWS = 0x031
FX_RATES = 0x032  # synthetic exchange rates (migration 0011)
INVESTMENTS = 0x040
INVESTMENT_FLOWS = 0x041
MARKS = 0x042
PORTFOLIO = 0x050  # unused since 0018 (SQL writes portfolio_metrics): kept reserved
ESG = 0x060
IMPACT = 0x061
PARTNERSHIPS = 0x070
TOKENS = 0x080
ANALYTICS = 0x090
SUBSCRIPTIONS = 0x0A0
# dashboard tables (migration 0004)
ACTIONS = 0x0B0
INTERVIEWS = 0x0B1
EVIDENCE = 0x0B2
DEALS = 0x0C0
LP_PURCHASES = 0x0C1
CONNECTIONS = 0x0D0
SYNDICATES = 0x0D1
SYNDICATE_MEMBERS = 0x0D2
PROGRAMMES = 0x0E0
OUTCOMES = 0x0E1
TRAINING = 0x0E2
UNESCO = 0x0E3
POLICIES = 0x0F0
POLICY_IMPACTS = 0x0F1
REQUIREMENTS = 0x0F2
COMPLIANCE = 0x0F3
AUCTIONS = 0x100
BIDS = 0x101

# stream kinds
K_COMPANY = 1
K_TRAJECTORY = 2
K_USER = 3
K_SUBSCRIPTION = 4
K_TOKENS = 5
K_ANALYTICS = 6
K_FUNDS = 7
K_PORTFOLIO = 8
K_ESG = 9
K_IMPACT = 10
K_PARTNERSHIPS = 11
K_FIRM = 12
K_ACTIONS = 13
K_INTERVIEWS = 14
K_DEALS = 15
K_CONNECTIONS = 16
K_SYNDICATES = 17
K_PROGRAMMES = 18
K_PROGRAMME_ROWS = 19
K_POLICIES = 20
K_REQUIREMENTS = 21
K_COMPLIANCE = 22
K_AUCTIONS = 23
K_EVIDENCE = 24


class Ids:
    """Id prefixes and stream seeds of one run."""

    def __init__(self, run_key: int) -> None:
        rng = random.Random(run_key)
        self.run_key = run_key
        self._p1 = f"{rng.getrandbits(32):08x}"
        self._p2 = f"{rng.getrandbits(16):04x}"
        self._variant = f"{8 + rng.getrandbits(2):x}{rng.getrandbits(12):03x}"
        # a short tag for e-mails and payment references, unique per run in practice
        self.tag = f"{rng.getrandbits(40):010x}"
        self._base = run_key << 64

    def prefix(self, code: int) -> str:
        """The fixed part of every id of one table code: append f'{n:012x}'."""
        return f"{self._p1}-{self._p2}-4{code:03x}-{self._variant}-"

    def stream(self, kind: int, index: int) -> int:
        """The seed of an entity's random stream."""
        return self._base | (kind << 52) | index


@lru_cache(maxsize=16384)
def iso(ordinal: int) -> str:
    """An ISO date from a proleptic Gregorian ordinal (cached: dates repeat a lot)."""
    return date.fromordinal(ordinal).isoformat()
