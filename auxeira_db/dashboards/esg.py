"""ESG education dashboard (`/api/dashboard/esg-education/...`), typed.

Reads and writes of sql/views/esg.sql and sql/api/esg.sql, one statement each. Call inside
`auxeira_db.tenant(conn, esg_user_id)`; without a tenant the reads return nothing. The impact
figures come from the materialized view auxeira_mv.esg_programme_impact and are as fresh as its
last refresh (`computed_at`); students, teachers and compliance are live. Rates are fractions
(0.85 = 85 %)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import psycopg

from auxeira_db.dashboards import (
    Page,
    call_write,
    deprecated_alias,
    fetch_page,
    fetch_report,
    row_as,
    rows_as,
)


@dataclass(frozen=True)
class ProgrammeImpact:
    """One programme's impact (a row of auxeira_mv.esg_programme_impact)."""

    programme_id: uuid.UUID
    user_id: uuid.UUID
    programme_name: str
    country_code: str
    education_level: str
    status: str
    start_date: date
    end_date: date | None
    budget: Decimal | None
    currency: str
    target_students: int | None
    target_teachers: int | None
    cohorts: int
    students_enrolled: int
    students_completed: int
    students_assessed: int
    students_proficient: int
    female_students: int | None
    enrolled_gender_reported: int
    placed_in_employment: int
    placed_in_further_education: int
    completion_rate: Decimal | None
    proficiency_rate: Decimal | None
    placement_rate: Decimal | None
    female_share: Decimal | None
    enrolment_vs_target: Decimal | None
    teachers_trained: int
    teacher_training_hours: Decimal
    teachers_certified: int
    certification_rate: Decimal | None
    teachers_vs_target: Decimal | None
    targets_relevant: int
    targets_assessed: int
    targets_compliant: int
    targets_partial: int
    targets_non_compliant: int
    compliance_score: Decimal | None
    unesco_status: str
    cost_per_student: Decimal | None
    cost_per_completion: Decimal | None
    computed_at: datetime


@dataclass(frozen=True)
class OverallImpact:
    """All of the user's programmes together; rates recomputed from the summed counts."""

    user_id: uuid.UUID
    programmes: int
    active_programmes: int
    countries: int
    students_enrolled: int
    students_completed: int
    students_proficient: int
    completion_rate: Decimal | None
    proficiency_rate: Decimal | None
    placement_rate: Decimal | None
    female_share: Decimal | None
    teachers_trained: int
    teacher_training_hours: Decimal
    teachers_certified: int
    certification_rate: Decimal | None
    targets_relevant: int
    targets_compliant: int
    targets_partial: int
    targets_non_compliant: int
    compliance_score: Decimal | None
    programmes_compliant: int
    currency: str | None
    total_budget: Decimal | None
    cost_per_student: Decimal | None
    computed_at: datetime


@dataclass(frozen=True)
class ImpactReport:
    overall: OverallImpact | None
    programmes: list[ProgrammeImpact]


@dataclass(frozen=True)
class StudentOutcome:
    outcome_id: uuid.UUID
    programme_id: uuid.UUID
    programme_name: str
    cohort_name: str
    reported_on: date
    students_enrolled: int
    students_completed: int
    completion_rate: Decimal | None
    students_assessed: int
    students_proficient: int
    proficiency_rate: Decimal | None
    average_assessment_score: Decimal | None
    female_students: int | None
    female_share: Decimal | None
    students_with_disabilities: int | None
    disability_share: Decimal | None
    placed_in_employment: int
    placed_in_further_education: int
    placement_rate: Decimal | None


@dataclass(frozen=True)
class TeacherTraining:
    training_id: uuid.UUID
    programme_id: uuid.UUID
    programme_name: str
    training_date: date
    training_type: str
    teachers_trained: int
    female_teachers: int | None
    hours_per_teacher: Decimal
    total_training_hours: Decimal
    teachers_certified: int
    certification: str | None
    certification_rate: Decimal
    pre_assessment_score: Decimal | None
    post_assessment_score: Decimal | None
    score_improvement: Decimal | None


@dataclass(frozen=True)
class ComplianceStatus:
    """The latest assessment of one SDG 4 target for one programme."""

    programme_id: uuid.UUID
    programme_name: str
    sdg_target: str
    target_title: str
    addressed: bool
    status: str  # compliant, partial, non_compliant, not_applicable, not_assessed
    assessed_on: date | None
    assessor: str | None
    evidence_uri: str | None
    notes: str | None
    assessments: int


@dataclass(frozen=True)
class Programme:
    """A row of auxeira.education_programmes, as returned by POST program."""

    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    description: str | None
    country_code: str
    region: str | None
    education_level: str
    delivery_mode: str
    status: str
    start_date: date
    end_date: date | None
    budget: Decimal | None
    currency: str
    target_students: int | None
    target_teachers: int | None
    sdg_targets: list[str]
    is_synthetic: bool
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


def impact(conn: psycopg.Connection[Any]) -> ImpactReport:
    """GET /api/dashboard/esg-education/impact: overall and per programme (as last refreshed)."""
    report = fetch_report(conn, "SELECT * FROM auxeira_dash.esg_education_impact_report()")
    return ImpactReport(
        overall=row_as(OverallImpact, report["overall"]),
        programmes=rows_as(ProgrammeImpact, report["programmes"]),
    )


def students(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[date, uuid.UUID] | None = None,
) -> Page[StudentOutcome]:
    """GET /api/dashboard/esg-education/students: one page of outcomes per programme cohort
    (page_size rows, 1-500, newest report first, after the cursor `after` = the last row's
    reported_on and outcome_id) with `next_after`."""
    after_reported_on, after_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        StudentOutcome,
        "SELECT * FROM auxeira_dash.esg_education_students_page(page_size => %(page_size)s,"
        " after_reported_on => %(after_reported_on)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_reported_on": after_reported_on, "after_id": after_id},
        "students",
        ("next_reported_on", "next_id"),
    )


def teachers(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[date, uuid.UUID] | None = None,
) -> Page[TeacherTraining]:
    """GET /api/dashboard/esg-education/teachers: one page of teacher-training batches
    (page_size rows, 1-500, newest first, after the cursor `after` = the last row's
    training_date and training_id) with `next_after`."""
    after_training_date, after_id = after if after is not None else (None, None)
    return fetch_page(
        conn,
        TeacherTraining,
        "SELECT * FROM auxeira_dash.esg_education_teachers_page(page_size => %(page_size)s,"
        " after_training_date => %(after_training_date)s, after_id => %(after_id)s)",
        {"page_size": page_size, "after_training_date": after_training_date, "after_id": after_id},
        "teachers",
        ("next_training_date", "next_id"),
    )


def compliance(
    conn: psycopg.Connection[Any],
    *,
    page_size: int = 50,
    after: tuple[str, uuid.UUID, str] | None = None,
) -> Page[ComplianceStatus]:
    """GET /api/dashboard/esg-education/compliance: one page of UNESCO SDG 4 status per target
    (page_size rows, 1-500, by programme name, programme_id, sdg_target, after the cursor
    `after` = those three values of the last row) with `next_after`."""
    name, programme_id, target = after if after is not None else (None, None, None)
    return fetch_page(
        conn,
        ComplianceStatus,
        "SELECT * FROM auxeira_dash.esg_education_compliance_page(page_size => %(page_size)s,"
        " after_programme_name => %(name)s, after_programme_id => %(programme_id)s,"
        " after_sdg_target => %(target)s)",
        {"page_size": page_size, "name": name, "programme_id": programme_id, "target": target},
        "compliance",
        ("next_programme_name", "next_programme_id", "next_sdg_target"),
    )


def record_programme(
    conn: psycopg.Connection[Any],
    *,
    name: str,
    country_code: str,
    education_level: str,
    start_date: date,
    delivery_mode: str = "in_person",
    status: str = "active",
    end_date: date | None = None,
    budget: Decimal | None = None,
    currency: str = "USD",
    target_students: int | None = None,
    target_teachers: int | None = None,
    sdg_targets: Sequence[str] = (),
    region: str | None = None,
    description: str | None = None,
    idempotency_key: str | None = None,
) -> Programme:
    """POST /api/dashboard/esg-education/program. Raises DataError for a refused value.

    With an `idempotency_key`, a retry with the same key returns the first call's row and
    writes nothing new."""
    return call_write(
        conn,
        Programme,
        "SELECT * FROM auxeira_dash.esg_education_record_programme(name => %(name)s,"
        " country_code => %(country_code)s, education_level => %(education_level)s,"
        " start_date => %(start_date)s, delivery_mode => %(delivery_mode)s,"
        " status => %(status)s, end_date => %(end_date)s, budget => %(budget)s,"
        " currency => %(currency)s, target_students => %(target_students)s,"
        " target_teachers => %(target_teachers)s, sdg_targets => %(sdg_targets)s::text[],"
        " region => %(region)s, description => %(description)s,"
        " idempotency_key => %(idempotency_key)s)",
        {
            "name": name,
            "country_code": country_code,
            "education_level": education_level,
            "start_date": start_date,
            "delivery_mode": delivery_mode,
            "status": status,
            "end_date": end_date,
            "budget": budget,
            "currency": currency,
            "target_students": target_students,
            "target_teachers": target_teachers,
            "sdg_targets": list(sdg_targets),
            "region": region,
            "description": description,
            "idempotency_key": idempotency_key,
        },
    )


READS: dict[str, Callable[[psycopg.Connection[Any]], object]] = {
    "GET /api/dashboard/esg-education/impact": impact,
    "GET /api/dashboard/esg-education/students": students,
    "GET /api/dashboard/esg-education/teachers": teachers,
    "GET /api/dashboard/esg-education/compliance": compliance,
}


def show(conn: psycopg.Connection[Any]) -> dict[str, list[Any]]:
    """The ESG user's dashboard as titled lists of rows, for `auxeira-db show esg`."""
    report = impact(conn)
    return {
        "Impact (all programmes)": [report.overall] if report.overall is not None else [],
        "Impact per programme": list(report.programmes),
        "Student outcomes": students(conn),
        "Teacher training": teachers(conn),
        "UNESCO compliance": compliance(conn),
    }


# Former names (0017: one verb, `record`, for every write), kept for one release.
log_program = deprecated_alias(record_programme, "log_program")
