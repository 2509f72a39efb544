"""Templates of synthetic ecosystems: built-in ones, and custom ones stored in
auxeira.synthetic_templates as validated JSON parameters.

Parameters (every key optional):

    persona                      startup | vc | angel | esg | government | corporate | all
    counts                       {"founder": 60, "vc": 3, ...}: accounts per user type
                                 ("startup" is accepted for "founder"), whole numbers >= 0
    industries                   ["Fintech", ...]: company industries (see patterns.INDUSTRIES)
    stages                       ["pre-seed", "seed", ...]: company stages
    investment_amount            {"low": 100000, "high": 1500000}: cheque size, currency units
    investments_per_vc           {"low": 15, "high": 35}
    investments_per_angel        {"low": 4, "high": 12}
    partnerships_per_corporate   {"low": 2, "high": 8}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import psycopg

from auxeira_db.errors import TemplateError
from auxeira_db.synthetic.loader import act_as_owner
from auxeira_db.synthetic.options import (
    PERSONA_USER_TYPE,
    PERSONAS,
    SCALE_COUNTS,
    USER_TYPES,
    Range,
)
from auxeira_db.synthetic.patterns import INDUSTRY_NAMES, STAGES

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
RANGE_KEYS: dict[str, tuple[float, float]] = {
    # key: (smallest low, largest high)
    "investment_amount": (100.0, 1e9),
    "investments_per_vc": (1, 1000),
    "investments_per_angel": (1, 1000),
    "partnerships_per_corporate": (1, 60),
}
KEYS = frozenset({"persona", "counts", "industries", "stages", *RANGE_KEYS})
# A count per user type may not exceed the large scale's (10,000 founders, 1,000 VCs ...):
# no template can ask for more than the largest built-in run.
MAX_COUNTS: dict[str, int] = SCALE_COUNTS["large"]
# Limits of the parameters' JSON text: a real template is a few hundred bytes two levels deep.
MAX_PARAMETERS_BYTES = 64 * 1024
MAX_DEPTH = 4


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    parameters: dict[str, Any]
    builtin: bool


BUILTIN: dict[str, Template] = {
    t.name: t
    for t in (
        Template(
            "seed-stage-fintech-portfolio",
            "Three seed-stage VCs with fintech portfolios: pre-seed and seed rounds, "
            "cheques of 100k to 1.5M.",
            {
                "persona": "vc",
                "counts": {"vc": 3, "founder": 60},
                "industries": ["Fintech"],
                "stages": ["pre-seed", "seed"],
                "investment_amount": {"low": 100_000, "high": 1_500_000},
                "investments_per_vc": {"low": 12, "high": 25},
            },
            True,
        ),
        Template(
            "climate-fund",
            "Two climate funds and three ESG analysts around clean-energy, agritech and "
            "logistics companies from seed to Series B.",
            {
                "persona": "vc",
                "counts": {"vc": 2, "esg": 3, "founder": 50},
                "industries": ["Clean Energy", "Agritech", "Logistics"],
                "stages": ["seed", "series-a", "series-b"],
                "investments_per_vc": {"low": 10, "high": 20},
            },
            True,
        ),
        Template(
            "government-innovation-programme",
            "Three government agencies following 120 early-stage companies (jobs, taxes, "
            "exports), with two corporate partners running pilots.",
            {
                "persona": "government",
                "counts": {"government": 3, "founder": 120, "corporate": 2},
                "stages": ["pre-seed", "seed", "series-a"],
                "partnerships_per_corporate": {"low": 5, "high": 15},
            },
            True,
        ),
        Template(
            "angel-syndicate",
            "Twelve angels writing small pre-seed and seed cheques into 60 startups.",
            {
                "persona": "angel",
                "counts": {"angel": 12, "founder": 60},
                "stages": ["pre-seed", "seed"],
                "investment_amount": {"low": 10_000, "high": 100_000},
            },
            True,
        ),
        Template(
            "corporate-open-innovation",
            "Four corporates running pilots, proofs of concept and commercial deals with 60 "
            "startups.",
            {
                "persona": "corporate",
                "counts": {"corporate": 4, "founder": 60},
                "partnerships_per_corporate": {"low": 5, "high": 12},
            },
            True,
        ),
    )
}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_parameters(parameters: Any) -> dict[str, Any]:
    """The parameters if they are usable; otherwise TemplateError saying what is wrong."""
    if not isinstance(parameters, dict):
        raise TemplateError("template parameters must be a JSON object")
    if _depth(parameters) > MAX_DEPTH:
        raise TemplateError(f"template parameters are nested too deeply (at most {MAX_DEPTH})")
    unknown = sorted(set(parameters) - KEYS)
    if unknown:
        raise TemplateError(
            f"unknown template parameter {unknown[0]!r}: allowed are {', '.join(sorted(KEYS))}"
        )
    persona = parameters.get("persona")
    if persona is not None and persona not in PERSONAS:
        raise TemplateError(f"unknown persona {persona!r}: choose one of {', '.join(PERSONAS)}")
    counts = parameters.get("counts")
    if counts is not None:
        if not isinstance(counts, dict):
            raise TemplateError('"counts" must be an object such as {"vc": 3, "founder": 40}')
        for key, value in counts.items():
            if key not in USER_TYPES and key not in PERSONA_USER_TYPE:
                raise TemplateError(f"unknown count {key!r}: use one of {', '.join(USER_TYPES)}")
            if not isinstance(value, int) or isinstance(value, bool):
                raise TemplateError(f"count of {key} must be a whole number, not {value!r}")
            if value < 0:
                raise TemplateError(f"count of {key} must not be negative ({value})")
            limit = MAX_COUNTS[PERSONA_USER_TYPE.get(str(key)) or str(key)]
            if value > limit:
                raise TemplateError(
                    f"count of {key} is above the limit of {limit:,} (the large scale's)"
                )
        _check_seedable(normalised_counts(counts))
    for key, allowed in (("industries", INDUSTRY_NAMES), ("stages", STAGES)):
        values = parameters.get(key)
        if values is None:
            continue
        if not isinstance(values, list) or not values:
            raise TemplateError(f'"{key}" must be a non-empty list')
        for value in values:
            if value not in allowed:
                raise TemplateError(
                    f"unknown {key[:-1] if key == 'stages' else 'industry'} {value!r}: "
                    f"choose from {', '.join(allowed)}"
                )
    for key, (smallest, largest) in RANGE_KEYS.items():
        spec = parameters.get(key)
        if spec is None:
            continue
        if not isinstance(spec, dict) or set(spec) != {"low", "high"}:
            raise TemplateError(f'"{key}" must be an object {{"low": ..., "high": ...}}')
        low, high = spec["low"], spec["high"]
        if not _number(low) or not _number(high):
            raise TemplateError(f'"{key}" low and high must be numbers')
        if low > high:
            raise TemplateError(f'"{key}": low ({low}) is above high ({high})')
        if low < smallest or high > largest:
            raise TemplateError(f'"{key}" must lie between {smallest:g} and {largest:g}')
    return parameters


def _check_seedable(counts: dict[str, int]) -> None:
    """Counts replace the persona's defaults: refuse those that can never produce a run."""
    if sum(counts.values()) == 0:
        raise TemplateError("the template can never seed anything: every count is 0")
    needs_companies = sum(counts.get(t, 0) for t in ("vc", "angel", "corporate"))
    if needs_companies and counts.get("founder", 0) == 0:
        raise TemplateError(
            "investors and corporates need companies: the count of founder must be at least 1"
        )


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, iteratively (a deep document must not exhaust the stack)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def parse_parameters(text: str) -> dict[str, Any]:
    """Template parameters from JSON text, refusing oversized or deeply nested documents
    before parsing them (both could exhaust memory or the interpreter's stack)."""
    size = len(text.encode())
    if size > MAX_PARAMETERS_BYTES:
        raise TemplateError(
            f"template parameters are {size:,} bytes: at most {MAX_PARAMETERS_BYTES:,} allowed"
        )
    nesting = level = 0
    for char in text:  # a bracket inside a string only overestimates, which is harmless
        if char in "[{":
            level += 1
            nesting = max(nesting, level)
        elif char in "]}":
            level -= 1
    if nesting > MAX_DEPTH * 4:
        raise TemplateError(f"template parameters are nested too deeply (at most {MAX_DEPTH})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(f"--parameters is not valid JSON: {exc.msg} (at {exc.pos})") from None
    if _depth(data) > MAX_DEPTH:
        raise TemplateError(f"template parameters are nested too deeply (at most {MAX_DEPTH})")
    return validate_parameters(data)


def to_range(spec: dict[str, Any] | None) -> Range | None:
    return None if spec is None else Range(float(spec["low"]), float(spec["high"]))


def normalised_counts(counts: dict[str, int]) -> dict[str, int]:
    return {PERSONA_USER_TYPE.get(k, k): v for k, v in counts.items()}


def check_name(name: str) -> None:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise TemplateError(
            f"invalid template name {name!r}: lower-case letters, digits and dashes, "
            "at most 63 characters, starting with a letter or digit"
        )


# --- the table -----------------------------------------------------------------------------


def _table_exists(conn: psycopg.Connection[Any]) -> bool:
    row = conn.execute("SELECT to_regclass('auxeira.synthetic_templates') IS NOT NULL").fetchone()
    return bool(row and row[0])


def _require_table(conn: psycopg.Connection[Any]) -> None:
    if not _table_exists(conn):
        raise TemplateError(
            "custom templates need the table auxeira.synthetic_templates: run `auxeira-db migrate`"
        )


def list_templates(conn: psycopg.Connection[Any] | None = None) -> list[Template]:
    """Built-in templates, then the custom ones of the database (when a connection is given)."""
    found = list(BUILTIN.values())
    if conn is not None and _table_exists(conn):
        rows = conn.execute(
            "SELECT name, coalesce(description, ''), parameters "
            "FROM auxeira.synthetic_templates ORDER BY name"
        ).fetchall()
        found += [Template(str(r[0]), str(r[1]), dict(r[2]), False) for r in rows]
    return found


def get_template(conn: psycopg.Connection[Any] | None, name: str) -> Template:
    if name in BUILTIN:
        return BUILTIN[name]
    if conn is not None and _table_exists(conn):
        row = conn.execute(
            "SELECT name, coalesce(description, ''), parameters "
            "FROM auxeira.synthetic_templates WHERE name = %s",
            (name,),
        ).fetchone()
        if row:
            return Template(str(row[0]), str(row[1]), dict(row[2]), False)
    raise TemplateError(
        f"unknown template {name!r}: `auxeira-db templates list` shows the available ones"
    )


def create_template(
    conn: psycopg.Connection[Any], name: str, parameters: Any, description: str = ""
) -> Template:
    """Validate and store a custom template; nothing is written when it is refused."""
    check_name(name)
    if not isinstance(description, str):
        raise TemplateError("description must be a str")
    if len(description) > 1000:
        raise TemplateError("description is longer than 1,000 characters")
    if name in BUILTIN:
        raise TemplateError(f"{name!r} is a built-in template: choose another name")
    validate_parameters(parameters)
    _require_table(conn)
    with conn.transaction():
        act_as_owner(conn)
        row = conn.execute(
            "INSERT INTO auxeira.synthetic_templates (name, description, parameters) "
            "VALUES (%s, %s, %s::jsonb) ON CONFLICT (name) DO NOTHING RETURNING name",
            (name, description or None, json.dumps(parameters)),
        ).fetchone()
    if row is None:
        raise TemplateError(f"template {name!r} already exists: delete it first")
    return Template(name, description, parameters, False)


def delete_template(conn: psycopg.Connection[Any], name: str) -> None:
    if name in BUILTIN:
        raise TemplateError(f"{name!r} is a built-in template and cannot be deleted")
    _require_table(conn)
    with conn.transaction():
        act_as_owner(conn)
        row = conn.execute(
            "DELETE FROM auxeira.synthetic_templates WHERE name = %s RETURNING name", (name,)
        ).fetchone()
    if row is None:
        raise TemplateError(f"unknown template {name!r}")
