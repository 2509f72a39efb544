"""The seeder's pools of people, company names, places and e-mail domains, built with Faker.

Built once per run from the run's seed (`build_pools(seed)`), in the Faker locales closest to
the platform's markets; rows are then drawn from the pools by index at COPY speed, never with
a Faker call per row. Faker's version is pinned in pyproject.toml (`faker==X.Y.*`) so that a
given `--seed` keeps giving the same pools, hence the same rows (tests/test_synthetic_fingerprint.py
holds a fingerprint).

What is not a pool stays configuration: the markets themselves (country, currency and main
hub city of each), which Faker does not know for every African locale (en_NG, en_KE and tw_GH
borrow their addresses from en_US).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

from auxeira_db.synthetic.patterns import AFRICAN_CURRENCIES


@dataclass(frozen=True)
class Market:
    locale: str  # the Faker locale of its names (and of its towns, when Faker has them)
    country: str
    currency: str  # ISO 4217, for plan prices
    hub: str  # the market's main startup city


# West, East and Southern Africa first (the platform's home markets), then the UK, Europe, the US.
MARKETS: tuple[Market, ...] = (
    Market("en_NG", "Nigeria", "NGN", "Lagos"),
    Market("en_KE", "Kenya", "KES", "Nairobi"),
    Market("tw_GH", "Ghana", "GHS", "Accra"),
    Market("zu_ZA", "South Africa", "ZAR", "Johannesburg"),
    Market("ar_EG", "Egypt", "USD", "Cairo"),
    Market("en_GB", "United Kingdom", "GBP", "London"),
    Market("de_DE", "Germany", "EUR", "Berlin"),
    Market("fr_FR", "France", "EUR", "Paris"),
    Market("nl_NL", "Netherlands", "EUR", "Amsterdam"),
    Market("pt_PT", "Portugal", "EUR", "Lisbon"),
    Market("en_US", "United States", "USD", "New York"),
)
NAMES_PER_MARKET = 12
TOWNS_PER_MARKET = 2  # besides the hub, where Faker has the locale's own towns
COMPANIES_PER_MARKET = 3


@dataclass(frozen=True)
class Pools:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    company_heads: tuple[str, ...]  # the first word of a startup's or VC firm's name
    corporates: tuple[str, ...]  # corporate partners
    esg_orgs: tuple[str, ...]  # ESG education organisations
    cities: tuple[tuple[str, str, str], ...]  # (city, country, currency)
    email_domains: tuple[str, ...]  # reserved example domains only (Faker's safe domains)
    # the names as they go into an e-mail address: ASCII letters only, lower case
    email_first_names: tuple[str, ...] = ()
    email_last_names: tuple[str, ...] = ()

    @property
    def african_cities(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.cities) if c[2] in AFRICAN_CURRENCIES)


def ascii_fold(text: str) -> str:
    """Lourenço -> Lourenco: for e-mail addresses and web addresses built from names."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def email_part(name: str) -> str:
    """van de Velde -> vandevelde: a name as part of an e-mail address's local part."""
    return "".join(c for c in ascii_fold(name).lower() if "a" <= c <= "z") or "x"


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _own_towns(fake: Faker, locale: str) -> bool:
    """Whether Faker's address data for the locale is its own (not borrowed from en_US)."""
    provider = fake.provider("faker.providers.address")
    return provider is not None and type(provider).__module__.endswith(locale)


@lru_cache(maxsize=8)
def build_pools(seed: int) -> Pools:
    """The pools of one run: the same seed (and Faker version) gives the same pools."""
    rng = random.Random(f"auxeira-pools:{seed}")
    first: list[str] = []
    last: list[str] = []
    heads: list[str] = []
    corporates: list[str] = []
    esg: list[str] = []
    cities: list[tuple[str, str, str]] = []
    domains: list[str] = []
    for market in MARKETS:
        fake = Faker(market.locale)
        fake.seed_instance(rng.getrandbits(64))
        first += [fake.first_name() for _ in range(NAMES_PER_MARKET)]
        last += [fake.last_name() for _ in range(NAMES_PER_MARKET)]
        heads += [ascii_fold(fake.last_name().split("-")[0]) for _ in range(3)]
        corporates += [fake.company() for _ in range(COMPANIES_PER_MARKET)]
        esg += [f"{fake.last_name()} Impact" for _ in range(1)]
        cities.append((market.hub, market.country, market.currency))
        if _own_towns(fake, market.locale):
            towns = _unique([fake.city() for _ in range(4 * TOWNS_PER_MARKET)])
            cities += [(t, market.country, market.currency) for t in towns[:TOWNS_PER_MARKET]]
        domains.append(fake.safe_domain_name())
    first_names, last_names = _unique(first), _unique(last)
    return Pools(
        first_names=first_names,
        last_names=last_names,
        company_heads=_unique([h for h in heads if h.isalpha()]),
        corporates=_unique(corporates),
        esg_orgs=_unique(esg),
        cities=tuple(dict.fromkeys(cities)),
        email_domains=tuple(sorted(set(domains))),
        email_first_names=tuple(email_part(n) for n in first_names),
        email_last_names=tuple(email_part(n) for n in last_names),
    )
