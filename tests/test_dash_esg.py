"""ESG education dashboard: every read and write, as the application role with RLS enforced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, realtime, tenant
from auxeira_db.dashboards import esg
from tests import factories as f

MV = "auxeira_mv.esg_programme_impact"


@dataclass(frozen=True)
class World:
    owner: uuid.UUID
    programme: uuid.UUID
    second: uuid.UUID
    other: uuid.UUID
    other_programme: uuid.UUID


def programme(conn: psycopg.Connection[Any], owner: uuid.UUID, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": owner,
        "name": f"Programme {uuid.uuid4().hex[:6]}",
        "country_code": "NG",
        "education_level": "secondary",
        "start_date": date(2023, 9, 1),
    }
    values.update(extra)
    return f.insert(conn, "education_programmes", **values)


def refresh(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SELECT * FROM auxeira.refresh_materialized_view(%s::regclass)", (MV,))


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> World:
    owner, other = f.user(conn, "esg"), f.user(conn, "esg")
    main = programme(
        conn,
        owner,
        name="Girls in STEM",
        budget=100_000,
        target_students=250,
        target_teachers=20,
        sdg_targets=["4.1", "4.5", "4.c"],
    )
    second = programme(
        conn,
        owner,
        name="Adult literacy",
        country_code="KE",
        education_level="adult",
        budget=20_000,
        start_date=date(2024, 1, 10),
        status="planned",
    )
    for cohort, enrolled, completed, assessed, proficient, female, employed, further in (
        ("2023 intake", 100, 80, 90, 60, 55, 30, 20),
        ("2024 intake", 100, 70, 80, 50, 45, 10, 10),
    ):
        f.insert(
            conn,
            "education_student_outcomes",
            programme_id=main,
            user_id=owner,
            cohort_name=cohort,
            reported_on=date(2024, 12, 31),
            students_enrolled=enrolled,
            students_completed=completed,
            students_assessed=assessed,
            students_proficient=proficient,
            female_students=female,
            students_with_disabilities=5,
            placed_in_employment=employed,
            placed_in_further_education=further,
            average_assessment_score=Decimal("68.5"),
        )
    f.insert(
        conn,
        "education_student_outcomes",
        programme_id=second,
        user_id=owner,
        cohort_name="Pilot",
        reported_on=date(2024, 6, 30),
        students_enrolled=50,
        students_completed=50,
    )
    f.insert(
        conn,
        "education_teacher_training",
        programme_id=main,
        user_id=owner,
        training_date=date(2024, 3, 1),
        training_type="in_service",
        teachers_trained=10,
        female_teachers=6,
        hours_per_teacher=Decimal("40"),
        teachers_certified=8,
        certification="National Teaching Certificate",
        pre_assessment_score=Decimal("55"),
        post_assessment_score=Decimal("72.5"),
    )
    f.insert(
        conn,
        "education_teacher_training",
        programme_id=main,
        user_id=owner,
        training_date=date(2024, 8, 1),
        training_type="coaching",
        teachers_trained=5,
        hours_per_teacher=Decimal("12.5"),
    )
    for target, status, day in (
        ("4.1", "non_compliant", date(2024, 1, 1)),
        ("4.1", "compliant", date(2024, 6, 1)),  # the latest one counts
        ("4.5", "partial", date(2024, 6, 1)),
        ("4.7", "not_applicable", date(2024, 6, 1)),  # assessed, not addressed
    ):
        f.insert(
            conn,
            "education_unesco_compliance",
            programme_id=main,
            user_id=owner,
            sdg_target=target,
            status=status,
            assessed_on=day,
            evidence_uri=None if status in ("non_compliant", "not_applicable") else "s3://e/x.pdf",
        )
    other_programme = programme(conn, other, name="Other org", sdg_targets=["4.2"])
    f.insert(
        conn,
        "education_student_outcomes",
        programme_id=other_programme,
        user_id=other,
        cohort_name="Only",
        reported_on=date(2024, 1, 1),
        students_enrolled=9,
    )
    refresh(conn)
    return World(owner, main, second, other, other_programme)


def test_impact_per_programme_and_overall(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.owner):
        report = esg.impact(app_conn)
    by_id = {p.programme_id: p for p in report.programmes}
    assert set(by_id) == {world.programme, world.second}
    main = by_id[world.programme]
    assert (main.cohorts, main.students_enrolled, main.students_completed) == (2, 200, 150)
    assert main.completion_rate == Decimal("0.7500")
    assert main.proficiency_rate == Decimal("0.6471")  # 110 / 170
    assert main.placement_rate == Decimal("0.4667")  # 70 / 150
    assert main.female_share == Decimal("0.5000")
    assert main.enrolment_vs_target == Decimal("0.8000")
    assert (main.teachers_trained, main.teachers_certified) == (15, 8)
    assert main.teacher_training_hours == Decimal("462.5")  # 10 x 40 + 5 x 12.5
    assert main.certification_rate == Decimal("0.5333")
    assert main.teachers_vs_target == Decimal("0.7500")
    # relevant targets: 4.1 compliant, 4.5 partial, 4.c never assessed; 4.7 not applicable
    assert (main.targets_relevant, main.targets_assessed) == (3, 2)
    assert (main.targets_compliant, main.targets_partial, main.targets_non_compliant) == (1, 1, 0)
    assert main.compliance_score == Decimal("50.0")
    assert main.unesco_status == "partial"
    assert main.cost_per_student == Decimal("500.00")
    assert main.cost_per_completion == Decimal("666.67")
    assert by_id[world.second].unesco_status == "not_assessed"
    overall = report.overall
    assert overall is not None
    assert (overall.programmes, overall.active_programmes, overall.countries) == (2, 1, 2)
    assert (overall.students_enrolled, overall.students_completed) == (250, 200)
    assert overall.completion_rate == Decimal("0.8000")
    assert overall.female_share == Decimal("0.5000")  # the pilot reported no gender
    assert overall.compliance_score == Decimal("50.0")
    assert (overall.currency, overall.total_budget) == ("USD", Decimal("120000.00"))
    assert overall.cost_per_student == Decimal("480.00")


def test_students(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.owner):
        rows = esg.students(app_conn)
    # newest report first (0026: keyset-paged), the id breaking the tie of the two intakes
    assert [r.reported_on for r in rows] == sorted((r.reported_on for r in rows), reverse=True)
    by_cohort = {r.cohort_name: r for r in rows}
    assert rows[-1].cohort_name == "Pilot" and set(by_cohort) == {
        "Pilot",
        "2023 intake",
        "2024 intake",
    }
    first = by_cohort["2023 intake"]
    assert first.completion_rate == Decimal("0.8000")
    assert first.proficiency_rate == Decimal("0.6667")
    assert first.female_share == Decimal("0.5500")
    assert first.disability_share == Decimal("0.0500")
    assert first.placement_rate == Decimal("0.6250")
    pilot = by_cohort["Pilot"]
    assert pilot.female_share is None and pilot.proficiency_rate is None


def test_teachers(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.owner):
        rows = esg.teachers(app_conn)
    # newest batch first (0026: keyset-paged)
    assert [r.training_type for r in rows] == ["coaching", "in_service"]
    assert rows[1].total_training_hours == Decimal("400.00")
    assert rows[1].certification_rate == Decimal("0.8000")
    assert rows[1].score_improvement == Decimal("17.50")
    assert rows[0].score_improvement is None and rows[0].certification_rate == 0


def test_compliance(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.owner):
        rows = esg.compliance(app_conn)
    assert [(r.sdg_target, r.addressed, r.status, r.assessments) for r in rows] == [
        ("4.1", True, "compliant", 2),
        ("4.5", True, "partial", 1),
        ("4.7", False, "not_applicable", 1),
        ("4.c", True, "not_assessed", 0),
    ]
    assert rows[0].assessed_on == date(2024, 6, 1) and rows[0].evidence_uri == "s3://e/x.pdf"
    assert rows[0].target_title.startswith("Free, equitable")


def test_record_program(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.owner):
        logged = esg.record_programme(
            app_conn,
            name="  Teachers for Tomorrow ",
            country_code="gh",
            education_level="teacher_education",
            start_date=date(2025, 1, 6),
            end_date=date(2026, 12, 18),
            budget=Decimal("75000"),
            currency="eur",
            target_teachers=120,
            sdg_targets=["4.c", "4.1", "4.c"],
            region="Ashanti",
        )
    app_conn.commit()
    assert logged.user_id == world.owner and logged.name == "Teachers for Tomorrow"
    assert (logged.country_code, logged.currency) == ("GH", "EUR")
    assert logged.sdg_targets == ["4.1", "4.c"]
    refresh(conn)
    with tenant(app_conn, world.owner):
        report = esg.impact(app_conn)
        compliance = esg.compliance(app_conn)
    assert logged.id in {p.programme_id for p in report.programmes}
    assert report.overall is not None and report.overall.programmes == 3
    assert report.overall.currency is None  # USD and EUR: no single budget total
    assert {(r.programme_id, r.status) for r in compliance if r.programme_id == logged.id} == {
        (logged.id, "not_assessed")
    }


GOOD: dict[str, Any] = {
    "name": "Reading Circles",
    "country_code": "NG",
    "education_level": "primary",
    "start_date": date(2024, 2, 1),
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "  "}, "name"),
        ({"country_code": "Nigeria"}, "country_code"),
        ({"education_level": "kindergarten"}, "education_level"),
        ({"delivery_mode": "carrier pigeon"}, "delivery_mode"),
        ({"status": "dormant"}, "status"),
        ({"start_date": date(1980, 1, 1)}, "start_date"),
        ({"end_date": date(2024, 1, 1)}, "end_date"),
        ({"budget": Decimal("-5")}, "budget"),
        ({"currency": "dollars"}, "currency"),
        ({"target_students": -1}, "target_students"),
        ({"sdg_targets": ["4.1", "5.1"]}, "sdg_targets"),
        ({"region": "r" * 101}, "region"),
    ],
)
def test_record_program_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    change: dict[str, Any],
    message: str,
) -> None:
    before = count(conn)
    with tenant(app_conn, world.owner), pytest.raises(DataError, match=message):
        esg.record_programme(app_conn, **{**GOOD, **change})
    assert count(conn) == before


def test_record_program_refuses_duplicates_and_non_esg_users(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.owner):
        esg.record_programme(app_conn, **GOOD)
    before = count(conn)
    with tenant(app_conn, world.owner), pytest.raises(DataError, match="already logged"):
        esg.record_programme(app_conn, **GOOD)
    founder = f.user(conn)
    with tenant(app_conn, founder), pytest.raises(DataError, match="only ESG accounts"):
        esg.record_programme(app_conn, **GOOD)
    assert count(conn) == before


def test_child_rows_cannot_point_at_another_owners_programme(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.owner), pytest.raises(psycopg.errors.ForeignKeyViolation):
        app_conn.execute(
            "INSERT INTO auxeira.education_teacher_training (programme_id, user_id,"
            " training_date, training_type, teachers_trained, hours_per_teacher)"
            " VALUES (%s, %s, '2024-01-01', 'coaching', 1, 1)",
            (world.other_programme, world.owner),
        )


def test_tenants_see_only_their_own_rows(app_conn: psycopg.Connection[Any], world: World) -> None:
    objects = [
        "auxeira_dash.esg_education_impact()",
        "auxeira_dash.esg_education_impact_overall()",
        "auxeira_dash.esg_education_students",
        "auxeira_dash.esg_education_teachers",
        "auxeira_dash.esg_education_compliance",
        "auxeira.education_programmes",
        "auxeira.education_student_outcomes",
        "auxeira.education_teacher_training",
        "auxeira.education_unesco_compliance",
    ]
    mine = {str(world.owner), str(world.programme), str(world.second)}
    with tenant(app_conn, world.other):
        for name in objects:
            for (data,) in app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall():
                assert not any(value in json.dumps(data) for value in mine), (name, data)
        assert [p.programme_id for p in esg.impact(app_conn).programmes] == [world.other_programme]
    for name in objects:
        assert app_conn.execute(f"SELECT * FROM {name}").fetchall() == [], name
    app_conn.rollback()


def test_the_application_role_cannot_read_the_materialized_view(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.owner), pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute(f"SELECT * FROM {MV}")


def test_writes_notify_the_esg_channel(
    app_conn: psycopg.Connection[Any], db_url: str, world: World
) -> None:
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN auxeira_esg")
        with tenant(app_conn, world.owner):
            logged = esg.record_programme(app_conn, **GOOD)
            app_conn.execute(
                "INSERT INTO auxeira.education_unesco_compliance"
                " (programme_id, user_id, sdg_target, status, assessed_on)"
                " VALUES (%s, %s, '4.1', 'non_compliant', '2024-03-01')",
                (logged.id, world.owner),
            )
        app_conn.commit()
        events = list(realtime.listen(listener, ["esg"], user_id=world.owner, timeout=2))
    assert {(e.user_id, e.entity, e.op) for e in events} == {
        (world.owner, "education_programmes", "insert"),
        (world.owner, "education_unesco_compliance", "insert"),
    }
    assert (
        realtime.DashboardEvent(
            "esg", world.owner, "education_programmes", str(logged.id), "insert"
        )
        in events
    )


def test_show_and_reads_cover_every_endpoint(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    assert set(esg.READS) == {
        "GET /api/dashboard/esg-education/impact",
        "GET /api/dashboard/esg-education/students",
        "GET /api/dashboard/esg-education/teachers",
        "GET /api/dashboard/esg-education/compliance",
    }
    with tenant(app_conn, world.owner):
        for read in esg.READS.values():
            assert read(app_conn)
        shown = esg.show(app_conn)
    assert all(shown.values())


def count(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT count(*) FROM auxeira.education_programmes").fetchone()
    assert row is not None
    return int(row[0])


CHECK_CASES: dict[str, dict[str, Any]] = {
    "education_programmes_name_check": {"name": " "},
    "education_programmes_country_code_check": {"country_code": "ng"},
    "education_programmes_education_level_check": {"education_level": "kindergarten"},
    "education_programmes_delivery_mode_check": {"delivery_mode": "radio"},
    "education_programmes_status_check": {"status": "dormant"},
    "education_programmes_start_date_check": {"start_date": date(1980, 1, 1)},
    "education_programmes_end_date_check": {"end_date": date(2000, 1, 1)},
    "education_programmes_budget_check": {"budget": -1},
    "education_programmes_currency_check": {"currency": "us1"},
    "education_programmes_target_students_check": {"target_students": -1},
    "education_programmes_target_teachers_check": {"target_teachers": -1},
    "education_programmes_sdg_targets_check": {"sdg_targets": ["4.1", "5.1"]},
    "education_student_outcomes_cohort_name_check": {"cohort_name": " "},
    "education_student_outcomes_students_completed_check": {"students_completed": 11},
    "education_student_outcomes_students_assessed_check": {"students_assessed": 11},
    "education_student_outcomes_students_proficient_check": {"students_proficient": 1},
    "education_student_outcomes_female_students_check": {"female_students": 11},
    "education_student_outcomes_students_with_disabilities_check": {
        "students_with_disabilities": 11
    },
    "education_student_outcomes_placed_in_employment_check": {"placed_in_employment": -1},
    "education_student_outcomes_placed_in_further_education_check": {
        "placed_in_further_education": -1
    },
    "education_student_outcomes_placements_check": {"placed_in_employment": 1},
    "education_student_outcomes_average_assessment_score_check": {"average_assessment_score": 101},
    "education_teacher_training_training_type_check": {"training_type": "webinar"},
    "education_teacher_training_teachers_trained_check": {"teachers_trained": 0},
    "education_teacher_training_female_teachers_check": {"female_teachers": 2},
    "education_teacher_training_hours_per_teacher_check": {"hours_per_teacher": 0},
    "education_teacher_training_teachers_certified_check": {"teachers_certified": 2},
    "education_teacher_training_certification_check": {
        "teachers_certified": 1,
        "certification": " ",
    },
    "education_teacher_training_pre_assessment_score_check": {"pre_assessment_score": -1},
    "education_teacher_training_post_assessment_score_check": {"post_assessment_score": 101},
    "education_unesco_compliance_sdg_target_check": {"sdg_target": "5.1"},
    "education_unesco_compliance_status_check": {"status": "fine"},
    "education_unesco_compliance_evidence_uri_check": {"evidence_uri": "report.pdf"},
    "education_unesco_compliance_status_evidence_check": {"status": "compliant"},
}


def test_every_check_constraint_rejects_a_bad_value(
    conn: psycopg.Connection[Any], world: World
) -> None:
    owned = {"programme_id": world.programme, "user_id": world.owner}
    builders: dict[str, dict[str, Any]] = {
        "education_programmes": {
            "user_id": world.owner,
            "name": "Check",
            "country_code": "NG",
            "education_level": "primary",
            "start_date": date(2024, 1, 1),
        },
        "education_student_outcomes": {
            **owned,
            "cohort_name": "check",
            "reported_on": date(2024, 1, 1),
            "students_enrolled": 10,
        },
        "education_teacher_training": {
            **owned,
            "training_date": date(2020, 1, 1),
            "training_type": "coaching",
            "teachers_trained": 1,
            "hours_per_teacher": 1,
        },
        "education_unesco_compliance": {
            **owned,
            "sdg_target": "4.2",
            "status": "non_compliant",
            "assessed_on": date(2020, 1, 1),
        },
    }
    names = [
        (str(table).removeprefix("auxeira."), str(name))
        for table, name in conn.execute(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE contype = 'c' AND conrelid = ANY (%s::regclass[]) ORDER BY 2",
            ([f"auxeira.{t}" for t in builders],),
        )
    ]
    assert len(names) == len(CHECK_CASES) + len(builders)  # + one expires_at check each
    for table, name in names:
        if name.endswith("_expires_at_check"):
            change: dict[str, Any] = {"is_synthetic": False, "expires_at": datetime.now(UTC)}
        else:
            change = CHECK_CASES[name]
        with pytest.raises(errors.CheckViolation) as raised, conn.transaction():
            f.insert(conn, table, **{**builders[table], **change})
        assert raised.value.diag.constraint_name == name, (name, change)
