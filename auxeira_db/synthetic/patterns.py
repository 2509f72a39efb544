"""The specification's synthetic-data patterns, completed, and the value pools rows draw from.

Industry patterns, stage performance and ESG baselines are the specification's figures
("Advanced Synthetic Data Generation"); industries the specification does not list get values
in the same spirit. Gross margins and the outcome distribution follow published venture facts:
SaaS gross margin 70-80 %, most venture investments return less than 1x, a few percent 10x or
more (Correlation Ventures, Horsley Bridge).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndustryPattern:
    revenue_multiple: float  # valuation / ARR
    growth_low: float  # annual revenue growth, fraction
    growth_high: float
    burn_rate_multiple: float  # monthly burn = revenue * this + payroll
    employee_efficiency: int  # annual revenue per employee
    sse_score_bias: int
    gross_margin_low: float  # percent
    gross_margin_high: float
    esg: tuple[int, int, int]  # E, S, G baselines


INDUSTRIES: dict[str, IndustryPattern] = {
    "AI/ML": IndustryPattern(15, 0.6, 1.2, 0.8, 250_000, 10, 60, 75, (65, 70, 75)),
    "SaaS": IndustryPattern(12, 0.4, 0.8, 0.6, 200_000, 5, 70, 80, (70, 75, 80)),
    "Fintech": IndustryPattern(10, 0.5, 0.9, 0.7, 300_000, 8, 50, 70, (60, 65, 85)),
    "Healthcare": IndustryPattern(8, 0.3, 0.7, 0.9, 180_000, 4, 45, 65, (55, 85, 75)),
    "Clean Energy": IndustryPattern(6, 0.3, 0.8, 1.1, 220_000, 6, 25, 45, (90, 70, 70)),
    "Edtech": IndustryPattern(7, 0.3, 0.7, 0.7, 150_000, 3, 55, 75, (70, 80, 72)),
    "Agritech": IndustryPattern(5, 0.3, 0.6, 0.9, 140_000, 3, 30, 50, (80, 75, 68)),
    "Logistics": IndustryPattern(4, 0.3, 0.7, 1.0, 160_000, 2, 20, 40, (58, 68, 72)),
    "E-commerce": IndustryPattern(3, 0.4, 0.9, 0.8, 250_000, 2, 30, 50, (60, 66, 70)),
    "Marketplace": IndustryPattern(6, 0.5, 1.0, 0.8, 260_000, 4, 55, 75, (62, 70, 74)),
}
INDUSTRY_NAMES: tuple[str, ...] = tuple(INDUSTRIES)

STAGES: tuple[str, ...] = ("pre-seed", "seed", "series-a", "series-b", "series-c+")
STAGE_WEIGHTS: tuple[float, ...] = (0.25, 0.35, 0.22, 0.12, 0.06)


@dataclass(frozen=True)
class StagePattern:
    base_irr: float
    success_rate: float  # the specification's; P(return >= 1x) = success_rate + 0.12 here
    time_to_exit: float  # years
    home_run: float  # P(>= 10x | >= 1x)
    age_low: float  # company age in years when at this stage
    age_high: float
    valuation_low: float  # post-money, currency units
    valuation_high: float
    base_mrr_low: float
    base_mrr_high: float
    funding_low: float
    funding_high: float
    employees_low: int
    employees_high: int
    vc_cheque_low: float
    vc_cheque_high: float
    angel_cheque_low: float
    angel_cheque_high: float


STAGE_PATTERNS: dict[str, StagePattern] = {
    "pre-seed": StagePattern(
        0.25, 0.15, 7, 0.20, 0.3, 2.5, 1.5e6, 6e6, 0, 8e3, 1e5, 7.5e5, 2, 6, 1e5, 5e5, 1e4, 1e5
    ),
    "seed": StagePattern(
        0.22, 0.20, 6, 0.18, 1, 4, 5e6, 1.8e7, 5e3, 6e4, 7.5e5, 4e6, 5, 20, 2.5e5, 2e6, 2.5e4, 1.5e5
    ),
    "series-a": StagePattern(
        0.18, 0.30, 5, 0.12, 2, 6, 2e7, 7e7, 6e4, 4e5, 5e6, 2e7, 15, 60, 2e6, 8e6, 5e4, 2e5
    ),
    "series-b": StagePattern(
        0.15, 0.40, 4, 0.07, 3, 8, 6e7, 2.5e8, 3e5, 1.5e6, 2e7, 7e7, 50, 200, 5e6, 2e7, 5e4, 2.5e5
    ),
    "series-c+": StagePattern(
        0.12, 0.45, 3.5, 0.05, 4, 12, 2e8, 1.5e9, 1e6, 6e6, 6e7, 3e8, 150, 900, 1e7, 4e7, 1e5, 3e5
    ),
}

# --- vocabulary (the names of people, companies and places come from synthetic/pools.py) ---

NAME_TAILS: dict[str, tuple[str, ...]] = {
    "AI/ML": ("AI", "Mind", "Neural", "Vision", "Labs"),
    "SaaS": ("Cloud", "Stack", "Works", "Desk", "Flow"),
    "Fintech": ("Pay", "Ledger", "Capital", "Wallet", "Credit"),
    "Healthcare": ("Health", "Care", "Med", "Clinic", "Bio"),
    "Clean Energy": ("Solar", "Power", "Grid", "Energy", "Volt"),
    "Edtech": ("Learn", "Academy", "Scholar", "Class", "Tutor"),
    "Agritech": ("Farms", "Agro", "Harvest", "Seed", "Crop"),
    "Logistics": ("Freight", "Move", "Route", "Cargo", "Fleet"),
    "E-commerce": ("Shop", "Cart", "Market", "Store", "Trade"),
    "Marketplace": ("Hub", "Exchange", "Link", "Connect", "Bazaar"),
}
DESCRIPTIONS: dict[str, str] = {
    "AI/ML": "Machine-learning platform that automates {what} for {who}.",
    "SaaS": "Cloud software that helps {who} manage {what}.",
    "Fintech": "Financial infrastructure for {who}: payments, credit and {what}.",
    "Healthcare": "Digital health service improving {what} for {who}.",
    "Clean Energy": "Distributed clean-energy systems delivering {what} to {who}.",
    "Edtech": "Learning platform teaching {what} to {who}.",
    "Agritech": "Agricultural technology raising {what} for {who}.",
    "Logistics": "Logistics network optimising {what} for {who}.",
    "E-commerce": "Online retail bringing {what} to {who}.",
    "Marketplace": "Two-sided marketplace matching {who} with {what}.",
}
WHATS: tuple[str, ...] = (
    "operations",
    "cash flow",
    "supply chains",
    "compliance",
    "customer support",
    "inventory",
    "working capital",
    "diagnostics",
    "hiring",
    "energy access",
    "crop yields",
    "deliveries",
)
WHOS: tuple[str, ...] = (
    "small businesses",
    "SMEs",
    "farmers",
    "clinics",
    "schools",
    "retailers",
    "banks",
    "households",
    "freelancers",
    "manufacturers",
    "insurers",
    "governments",
)

# currency units per USD, rounded, for plan prices
FX: dict[str, float] = {
    "USD": 1.0,
    "EUR": 0.92,
    "GBP": 0.79,
    "NGN": 1500.0,
    "KES": 130.0,
    "GHS": 15.0,
    "ZAR": 18.0,
}
AFRICAN_CURRENCIES = frozenset({"NGN", "KES", "GHS", "ZAR"})

VC_FIRM_TAILS: tuple[str, ...] = ("Ventures", "Capital", "Partners", "VC", "Growth", "Fund")
ROMAN: tuple[str, ...] = ("I", "II", "III", "IV", "V")
AGENCIES: tuple[str, ...] = (
    "Ministry of Communications and Digital Economy",
    "Innovation Agency",
    "Office of Science and Technology",
    "Small Business Development Agency",
    "Investment Promotion Centre",
    "Department of Trade and Industry",
    "Youth Enterprise Fund",
    "National Research Foundation",
)

USER_AGENTS: tuple[tuple[str, str, str, str], ...] = (
    # (user agent, device_type, browser, os)
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Safari/537.36",
        "desktop",
        "Chrome",
        "Windows",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.4 Safari/605.1.15",
        "desktop",
        "Safari",
        "macOS",
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "desktop",
        "Firefox",
        "Linux",
    ),
    (
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Mobile Safari/537.36",
        "mobile",
        "Chrome",
        "Android",
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "mobile",
        "Safari",
        "iOS",
    ),
    (
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.4 Mobile/15E148 Safari/604.1",
        "tablet",
        "Safari",
        "iPadOS",
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Safari/537.36 Edg/124.0",
        "desktop",
        "Edge",
        "Windows",
    ),
)
UTM: tuple[tuple[str, str, str], ...] = (
    ("google", "cpc", "founders-q2"),
    ("newsletter", "email", "weekly-digest"),
    ("linkedin", "social", "investor-week"),
    ("twitter", "social", "launch"),
    ("partner", "referral", "accelerator"),
)
REFERRERS: tuple[str, ...] = (
    "https://www.google.com/",
    "https://www.linkedin.com/",
    "https://news.ycombinator.com/",
    "https://t.co/",
    "https://auxeira.example.com/blog",
)

# dashboard per user_type, and the features of each dashboard
DASHBOARD: dict[str, str] = {
    "founder": "startup",
    "vc": "vc",
    "angel": "angel",
    "esg": "esg",
    "government": "government",
    "corporate": "corporate",
}
FEATURES: dict[str, tuple[str, ...]] = {
    "startup": ("sse_score", "runway_planner", "metrics_update", "investor_updates", "cap_table"),
    "vc": ("portfolio_overview", "fund_performance", "lp_report", "deal_flow", "portfolio_export"),
    "angel": ("portfolio_overview", "syndicates", "deal_flow", "tax_report"),
    "esg": ("esg_scores", "carbon_tracker", "impact_report", "benchmarks"),
    "government": ("economic_impact", "jobs_report", "policy_simulator", "regional_map"),
    "corporate": ("partnership_pipeline", "pilot_tracker", "startup_scouting", "roi_report"),
}

TIER_PRICE_USD: dict[str, float] = {"starter": 29.0, "pro": 99.0, "enterprise": 499.0}
PAID_TIERS: tuple[str, ...] = ("starter", "pro", "enterprise")
CANCELLATION_REASONS: tuple[str, ...] = (
    "too expensive",
    "missing features",
    "switched to another tool",
    "company closed",
    "no longer needed",
)

TOKEN_ACTIVITIES: tuple[tuple[str, str, int], ...] = (
    # (activity_type, reason, base reward)
    ("metrics_update", "Weekly metrics update", 20),
    ("profile_completed", "Profile completed", 50),
    ("report_submitted", "Monthly report submitted", 40),
    ("daily_login", "Daily check-in", 5),
    ("referral", "Referred a new member", 100),
    ("evidence_uploaded", "Evidence uploaded", 30),
)
# (product code = activity_type, reason, TOK price): the same as auxeira.price_list (0009)
TOKEN_SPENDS: tuple[tuple[str, str, int], ...] = (
    ("report_purchase", "Premium report", 120),
    ("mentor_session", "Mentor session booked", 200),
    ("event_ticket", "Event ticket", 80),
)
