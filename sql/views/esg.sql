-- ESG education dashboard (GET/POST /api/dashboard/esg-education/...): one view or function
-- per endpoint, in schema auxeira_dash, reading the programme tables of
-- sql/schema/220_esg_education.sql for the current ESG user.
--
--   GET  impact      auxeira_dash.esg_education_impact(), esg_education_impact_overall()
--                    over auxeira_mv.esg_programme_impact (materialized)
--   GET  students    auxeira_dash.esg_education_students
--   GET  teachers    auxeira_dash.esg_education_teachers
--   GET  compliance  auxeira_dash.esg_education_compliance
--   POST program     auxeira_dash.esg_education_record_programme(...) (sql/api/esg.sql)
--
-- Rates are fractions (0.85 = 85 %), rounded to 4 decimal places, NULL when the denominator
-- is 0 or unknown.

CREATE MATERIALIZED VIEW auxeira_mv.esg_programme_impact AS
WITH students AS (
    SELECT o.programme_id,
           count(*)::integer AS cohorts,
           sum(o.students_enrolled)::bigint AS students_enrolled,
           sum(o.students_completed)::bigint AS students_completed,
           sum(o.students_assessed)::bigint AS students_assessed,
           sum(o.students_proficient)::bigint AS students_proficient,
           sum(o.female_students)::bigint AS female_students,
           coalesce(sum(o.students_enrolled) FILTER (WHERE o.female_students IS NOT NULL), 0)
               ::bigint AS enrolled_gender_reported,
           sum(o.placed_in_employment)::bigint AS placed_in_employment,
           sum(o.placed_in_further_education)::bigint AS placed_in_further_education
    FROM auxeira.education_student_outcomes AS o
    GROUP BY o.programme_id
),
teachers AS (
    SELECT t.programme_id,
           sum(t.teachers_trained)::bigint AS teachers_trained,
           sum(t.teachers_trained * t.hours_per_teacher) AS training_hours,
           sum(t.teachers_certified)::bigint AS teachers_certified
    FROM auxeira.education_teacher_training AS t
    GROUP BY t.programme_id
),
latest AS (
    SELECT DISTINCT ON (c.programme_id, c.sdg_target)
           c.programme_id, c.sdg_target, c.status
    FROM auxeira.education_unesco_compliance AS c
    ORDER BY c.programme_id, c.sdg_target, c.assessed_on DESC, c.created_at DESC
),
relevant AS (
    -- targets the programme addresses or has been assessed on, except those last assessed
    -- as not applicable; status not_assessed when never assessed
    SELECT p.id AS programme_id, x.sdg_target, coalesce(l.status, 'not_assessed') AS status
    FROM auxeira.education_programmes AS p
    CROSS JOIN LATERAL (
        SELECT unnest(p.sdg_targets)::text AS sdg_target
        UNION
        SELECT l2.sdg_target::text FROM latest AS l2 WHERE l2.programme_id = p.id
    ) AS x
    LEFT JOIN latest AS l ON l.programme_id = p.id AND l.sdg_target::text = x.sdg_target
    WHERE coalesce(l.status, 'not_assessed') <> 'not_applicable'
),
compliance AS (
    SELECT r.programme_id,
           count(*)::integer AS targets_relevant,
           count(*) FILTER (WHERE r.status <> 'not_assessed')::integer AS targets_assessed,
           count(*) FILTER (WHERE r.status = 'compliant')::integer AS targets_compliant,
           count(*) FILTER (WHERE r.status = 'partial')::integer AS targets_partial,
           count(*) FILTER (WHERE r.status = 'non_compliant')::integer AS targets_non_compliant
    FROM relevant AS r
    GROUP BY r.programme_id
)
SELECT p.id AS programme_id,
       p.user_id,
       p.name AS programme_name,
       p.country_code::text AS country_code,
       p.education_level,
       p.status,
       p.start_date,
       p.end_date,
       p.budget,
       p.currency::text AS currency,
       p.target_students,
       p.target_teachers,
       coalesce(s.cohorts, 0) AS cohorts,
       coalesce(s.students_enrolled, 0) AS students_enrolled,
       coalesce(s.students_completed, 0) AS students_completed,
       coalesce(s.students_assessed, 0) AS students_assessed,
       coalesce(s.students_proficient, 0) AS students_proficient,
       s.female_students,
       coalesce(s.enrolled_gender_reported, 0) AS enrolled_gender_reported,
       coalesce(s.placed_in_employment, 0) AS placed_in_employment,
       coalesce(s.placed_in_further_education, 0) AS placed_in_further_education,
       round(s.students_completed::numeric / NULLIF(s.students_enrolled, 0), 4)
           AS completion_rate,
       round(s.students_proficient::numeric / NULLIF(s.students_assessed, 0), 4)
           AS proficiency_rate,
       round((s.placed_in_employment + s.placed_in_further_education)::numeric
             / NULLIF(s.students_completed, 0), 4) AS placement_rate,
       round(s.female_students::numeric / NULLIF(s.enrolled_gender_reported, 0), 4)
           AS female_share,
       round(s.students_enrolled::numeric / NULLIF(p.target_students, 0), 4)
           AS enrolment_vs_target,
       coalesce(t.teachers_trained, 0) AS teachers_trained,
       coalesce(t.training_hours, 0) AS teacher_training_hours,
       coalesce(t.teachers_certified, 0) AS teachers_certified,
       round(t.teachers_certified::numeric / NULLIF(t.teachers_trained, 0), 4)
           AS certification_rate,
       round(t.teachers_trained::numeric / NULLIF(p.target_teachers, 0), 4)
           AS teachers_vs_target,
       coalesce(c.targets_relevant, 0) AS targets_relevant,
       coalesce(c.targets_assessed, 0) AS targets_assessed,
       coalesce(c.targets_compliant, 0) AS targets_compliant,
       coalesce(c.targets_partial, 0) AS targets_partial,
       coalesce(c.targets_non_compliant, 0) AS targets_non_compliant,
       round(100 * (c.targets_compliant + 0.5 * c.targets_partial)
             / NULLIF(c.targets_relevant, 0), 1) AS compliance_score,
       CASE
           WHEN coalesce(c.targets_assessed, 0) = 0 THEN 'not_assessed'
           WHEN c.targets_non_compliant > 0 THEN 'non_compliant'
           WHEN c.targets_compliant = c.targets_relevant THEN 'compliant'
           ELSE 'partial'
       END AS unesco_status,
       round(p.budget / NULLIF(s.students_enrolled, 0), 2) AS cost_per_student,
       round(p.budget / NULLIF(s.students_completed, 0), 2) AS cost_per_completion,
       now() AS computed_at
FROM auxeira.education_programmes AS p
LEFT JOIN students AS s ON s.programme_id = p.id
LEFT JOIN teachers AS t ON t.programme_id = p.id
LEFT JOIN compliance AS c ON c.programme_id = p.id;

CREATE UNIQUE INDEX esg_programme_impact_programme_id_key
    ON auxeira_mv.esg_programme_impact (programme_id);
CREATE INDEX esg_programme_impact_user_id_idx ON auxeira_mv.esg_programme_impact (user_id);

COMMENT ON MATERIALIZED VIEW auxeira_mv.esg_programme_impact IS
    'Impact of every education programme (all tenants; read through '
    'auxeira_dash.esg_education_impact only): totals over its cohorts and training batches, '
    'rates, targets and UNESCO (SDG 4) compliance. Refreshed by auxeira-db refresh; computed_at '
    'is the refresh time. Definitions: completion_rate = completed / enrolled; proficiency_rate '
    '= proficient / assessed; placement_rate = (employment + further education) / completed; '
    'female_share = female / enrolled in cohorts reporting gender; enrolment_vs_target = '
    'enrolled / target_students; certification_rate = certified / trained teachers; '
    'teacher_training_hours = sum of teachers x hours per teacher. Compliance counts the '
    'targets the programme addresses or was assessed on, by their latest assessment, leaving out '
    'targets last assessed not_applicable (never assessed = not_assessed); compliance_score = '
    '100 x (compliant + 0.5 x partial) / relevant targets; unesco_status = not_assessed (none '
    'assessed), non_compliant (any), compliant (all relevant targets), else partial. '
    'cost_per_student / cost_per_completion = budget / enrolled / completed, in currency.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.programme_id IS
    'The programme (education_programmes.id); unique.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.user_id IS
    'Owner of the programme (users.id); the filter of esg_education_impact().';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.programme_name IS 'education_programmes.name.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.country_code IS
    'education_programmes.country_code.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.education_level IS
    'education_programmes.education_level.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.status IS 'education_programmes.status.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.start_date IS 'education_programmes.start_date.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.end_date IS 'education_programmes.end_date.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.budget IS
    'education_programmes.budget, in currency.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.currency IS 'education_programmes.currency.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.target_students IS
    'education_programmes.target_students.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.target_teachers IS
    'education_programmes.target_teachers.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.cohorts IS 'Number of student cohorts reported.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.students_enrolled IS
    'Students enrolled, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.students_completed IS
    'Students who completed, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.students_assessed IS
    'Students assessed, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.students_proficient IS
    'Students at minimum proficiency, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.female_students IS
    'Female students, cohorts reporting gender; NULL when none does.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.enrolled_gender_reported IS
    'Students enrolled in cohorts that report gender (denominator of female_share).';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.placed_in_employment IS
    'Completers in employment, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.placed_in_further_education IS
    'Completers in further education, all cohorts.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.completion_rate IS
    'students_completed / students_enrolled.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.proficiency_rate IS
    'students_proficient / students_assessed.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.placement_rate IS
    '(employment + further education) / students_completed.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.female_share IS
    'female_students / enrolled_gender_reported.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.enrolment_vs_target IS
    'students_enrolled / target_students.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.teachers_trained IS
    'Teachers trained, all batches.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.teacher_training_hours IS
    'Sum of teachers_trained x hours_per_teacher.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.teachers_certified IS
    'Teachers certified, all batches.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.certification_rate IS
    'teachers_certified / teachers_trained.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.teachers_vs_target IS
    'teachers_trained / target_teachers.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.targets_relevant IS
    'SDG 4 targets addressed or assessed, minus those last assessed not_applicable.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.targets_assessed IS
    'Relevant targets with an assessment.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.targets_compliant IS
    'Relevant targets whose latest assessment is compliant.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.targets_partial IS
    'Relevant targets whose latest assessment is partial.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.targets_non_compliant IS
    'Relevant targets whose latest assessment is non_compliant.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.compliance_score IS
    '100 x (compliant + 0.5 x partial) / targets_relevant, one decimal.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.unesco_status IS
    'not_assessed, non_compliant, compliant or partial (definition on the view).';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.cost_per_student IS
    'budget / students_enrolled, in currency.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.cost_per_completion IS
    'budget / students_completed, in currency.';
COMMENT ON COLUMN auxeira_mv.esg_programme_impact.computed_at IS
    'When the row was computed (the refresh).';
COMMENT ON INDEX auxeira_mv.esg_programme_impact_programme_id_key IS
    'One row per programme; the unique index REFRESH ... CONCURRENTLY needs.';
COMMENT ON INDEX auxeira_mv.esg_programme_impact_user_id_idx IS
    'Serves the per-owner filter of auxeira_dash.esg_education_impact.';

CREATE FUNCTION auxeira_dash.esg_education_impact()
    RETURNS SETOF auxeira_mv.esg_programme_impact
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.*
    FROM auxeira_mv.esg_programme_impact AS m
    WHERE m.user_id = auxeira.current_user_id()
    ORDER BY m.start_date DESC, m.programme_name, m.programme_id
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_impact() IS
    'GET /api/dashboard/esg-education/impact (per programme): the current user''s rows of '
    'auxeira_mv.esg_programme_impact (definitions there), newest programme first. SECURITY '
    'DEFINER because the materialized view has no row-level security and no grant to '
    'auxeira_app; it filters by auxeira.current_user_id() itself (unset = no rows). Figures are '
    'as of the last refresh (computed_at).';

CREATE FUNCTION auxeira_dash.esg_education_impact_overall()
    RETURNS TABLE (
        user_id uuid,
        programmes integer,
        active_programmes integer,
        countries integer,
        students_enrolled bigint,
        students_completed bigint,
        students_proficient bigint,
        completion_rate numeric,
        proficiency_rate numeric,
        placement_rate numeric,
        female_share numeric,
        teachers_trained bigint,
        teacher_training_hours numeric,
        teachers_certified bigint,
        certification_rate numeric,
        targets_relevant integer,
        targets_compliant integer,
        targets_partial integer,
        targets_non_compliant integer,
        compliance_score numeric,
        programmes_compliant integer,
        currency text,
        total_budget numeric,
        cost_per_student numeric,
        computed_at timestamptz
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.user_id,
           count(*)::integer,
           count(*) FILTER (WHERE m.status = 'active')::integer,
           count(DISTINCT m.country_code)::integer,
           sum(m.students_enrolled)::bigint,
           sum(m.students_completed)::bigint,
           sum(m.students_proficient)::bigint,
           round(sum(m.students_completed)::numeric / NULLIF(sum(m.students_enrolled), 0), 4),
           round(sum(m.students_proficient)::numeric / NULLIF(sum(m.students_assessed), 0), 4),
           round(sum(m.placed_in_employment + m.placed_in_further_education)::numeric
                 / NULLIF(sum(m.students_completed), 0), 4),
           round(sum(m.female_students)::numeric / NULLIF(sum(m.enrolled_gender_reported), 0), 4),
           sum(m.teachers_trained)::bigint,
           sum(m.teacher_training_hours),
           sum(m.teachers_certified)::bigint,
           round(sum(m.teachers_certified)::numeric / NULLIF(sum(m.teachers_trained), 0), 4),
           sum(m.targets_relevant)::integer,
           sum(m.targets_compliant)::integer,
           sum(m.targets_partial)::integer,
           sum(m.targets_non_compliant)::integer,
           round(100 * (sum(m.targets_compliant) + 0.5 * sum(m.targets_partial))
                 / NULLIF(sum(m.targets_relevant), 0), 1),
           count(*) FILTER (WHERE m.unesco_status = 'compliant')::integer,
           CASE WHEN count(DISTINCT m.currency) = 1 THEN min(m.currency) END,
           CASE WHEN count(DISTINCT m.currency) = 1 THEN sum(m.budget) END,
           CASE WHEN count(DISTINCT m.currency) = 1
                THEN round(sum(m.budget) / NULLIF(sum(m.students_enrolled)
                           FILTER (WHERE m.budget IS NOT NULL), 0), 2) END,
           min(m.computed_at)
    FROM auxeira_mv.esg_programme_impact AS m
    WHERE m.user_id = auxeira.current_user_id()
    GROUP BY m.user_id
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_impact_overall() IS
    'GET /api/dashboard/esg-education/impact (overall): one row summing the current user''s '
    'programmes in auxeira_mv.esg_programme_impact (no row when they have none). Rates are '
    'recomputed from the summed counts (not averaged); compliance_score = 100 x (compliant + '
    '0.5 x partial) / relevant targets over all programmes; programmes_compliant counts '
    'programmes whose unesco_status is compliant. currency, total_budget and cost_per_student '
    '(budget / enrolled, programmes with a budget) only when every programme uses one currency, '
    'else NULL. SECURITY DEFINER, filtered by auxeira.current_user_id().';


CREATE VIEW auxeira_dash.esg_education_students
WITH (security_invoker = true) AS
SELECT o.id AS outcome_id,
       o.programme_id,
       p.name AS programme_name,
       o.cohort_name,
       o.reported_on,
       o.students_enrolled,
       o.students_completed,
       round(o.students_completed::numeric / NULLIF(o.students_enrolled, 0), 4)
           AS completion_rate,
       o.students_assessed,
       o.students_proficient,
       round(o.students_proficient::numeric / NULLIF(o.students_assessed, 0), 4)
           AS proficiency_rate,
       o.average_assessment_score,
       o.female_students,
       round(o.female_students::numeric / NULLIF(o.students_enrolled, 0), 4) AS female_share,
       o.students_with_disabilities,
       round(o.students_with_disabilities::numeric / NULLIF(o.students_enrolled, 0), 4)
           AS disability_share,
       o.placed_in_employment,
       o.placed_in_further_education,
       round((o.placed_in_employment + o.placed_in_further_education)::numeric
             / NULLIF(o.students_completed, 0), 4) AS placement_rate
FROM auxeira.education_student_outcomes AS o
JOIN auxeira.education_programmes AS p ON p.id = o.programme_id
WHERE o.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.esg_education_students IS
    'GET /api/dashboard/esg-education/students: the current user''s student outcomes, one row '
    'per programme cohort, with completion_rate (completed / enrolled), proficiency_rate '
    '(proficient / assessed), female_share and disability_share (of enrolled) and '
    'placement_rate ((employment + further education) / completed). Live (not materialized).';
COMMENT ON COLUMN auxeira_dash.esg_education_students.outcome_id IS
    'education_student_outcomes.id.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.programme_id IS
    'The programme (education_programmes.id).';
COMMENT ON COLUMN auxeira_dash.esg_education_students.programme_name IS
    'education_programmes.name.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.cohort_name IS 'The cohort.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.reported_on IS 'Date the counts are as of.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.students_enrolled IS 'Students enrolled.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.students_completed IS
    'Students who completed.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.completion_rate IS
    'students_completed / students_enrolled (fraction); NULL when none enrolled.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.students_assessed IS 'Students assessed.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.students_proficient IS
    'Assessed students at minimum proficiency.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.proficiency_rate IS
    'students_proficient / students_assessed; NULL when none assessed.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.average_assessment_score IS
    'Mean assessment score, 0-100.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.female_students IS
    'Female students enrolled; NULL = not reported.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.female_share IS
    'female_students / students_enrolled.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.students_with_disabilities IS
    'Enrolled students with a disability; NULL = not reported.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.disability_share IS
    'students_with_disabilities / students_enrolled.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.placed_in_employment IS
    'Completers in employment.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.placed_in_further_education IS
    'Completers in further education or training.';
COMMENT ON COLUMN auxeira_dash.esg_education_students.placement_rate IS
    '(placed_in_employment + placed_in_further_education) / students_completed.';

CREATE VIEW auxeira_dash.esg_education_teachers
WITH (security_invoker = true) AS
SELECT t.id AS training_id,
       t.programme_id,
       p.name AS programme_name,
       t.training_date,
       t.training_type,
       t.teachers_trained,
       t.female_teachers,
       t.hours_per_teacher,
       t.teachers_trained * t.hours_per_teacher AS total_training_hours,
       t.teachers_certified,
       t.certification,
       round(t.teachers_certified::numeric / t.teachers_trained, 4) AS certification_rate,
       t.pre_assessment_score,
       t.post_assessment_score,
       t.post_assessment_score - t.pre_assessment_score AS score_improvement
FROM auxeira.education_teacher_training AS t
JOIN auxeira.education_programmes AS p ON p.id = t.programme_id
WHERE t.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.esg_education_teachers IS
    'GET /api/dashboard/esg-education/teachers: the current user''s teacher-training batches '
    'with total_training_hours (teachers x hours per teacher), certification_rate (certified / '
    'trained) and score_improvement (post minus pre assessment score, points out of 100; NULL '
    'when either is missing). Live (not materialized).';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.training_id IS
    'education_teacher_training.id.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.programme_id IS
    'The programme (education_programmes.id).';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.programme_name IS
    'education_programmes.name.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.training_date IS 'Date of the batch.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.training_type IS
    'pre_service, in_service, certification or coaching.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.teachers_trained IS
    'Teachers trained in the batch.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.female_teachers IS
    'Of them, female; NULL = not reported.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.hours_per_teacher IS
    'Training hours per teacher.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.total_training_hours IS
    'teachers_trained x hours_per_teacher.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.teachers_certified IS
    'Teachers who obtained the certification.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.certification IS
    'Name of the certification; NULL = none.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.certification_rate IS
    'teachers_certified / teachers_trained (fraction).';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.pre_assessment_score IS
    'Mean score before training, 0-100.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.post_assessment_score IS
    'Mean score after training, 0-100.';
COMMENT ON COLUMN auxeira_dash.esg_education_teachers.score_improvement IS
    'post_assessment_score - pre_assessment_score, in points; NULL when either is missing.';

CREATE VIEW auxeira_dash.esg_education_compliance
WITH (security_invoker = true) AS
WITH targets (sdg_target, target_title) AS (
    VALUES
        ('4.1', 'Free, equitable, quality primary and secondary education with effective '
                'learning outcomes'),
        ('4.2', 'Early childhood development, care and pre-primary education'),
        ('4.3', 'Equal access to affordable technical, vocational and tertiary education'),
        ('4.4', 'Relevant skills for employment, decent jobs and entrepreneurship'),
        ('4.5', 'Eliminate gender disparities; equal access for the vulnerable'),
        ('4.6', 'Youth and adult literacy and numeracy'),
        ('4.7', 'Education for sustainable development and global citizenship'),
        ('4.a', 'Safe, inclusive, disability- and gender-sensitive learning facilities'),
        ('4.b', 'Scholarships for students from developing countries'),
        ('4.c', 'Supply of qualified teachers, including through teacher training')
),
assessed AS (
    SELECT c.programme_id, c.sdg_target::text AS sdg_target, c.status, c.assessed_on,
           c.assessor, c.evidence_uri, c.notes,
           row_number() OVER (PARTITION BY c.programme_id, c.sdg_target
                              ORDER BY c.assessed_on DESC, c.created_at DESC) AS recency,
           count(*) OVER (PARTITION BY c.programme_id, c.sdg_target) AS assessments
    FROM auxeira.education_unesco_compliance AS c
    WHERE c.user_id = auxeira.current_user_id()
)
SELECT p.id AS programme_id,
       p.name AS programme_name,
       tg.sdg_target,
       tg.target_title,
       tg.sdg_target = ANY (p.sdg_targets::text[]) AS addressed,
       coalesce(a.status, 'not_assessed') AS status,
       a.assessed_on,
       a.assessor,
       a.evidence_uri,
       a.notes,
       coalesce(a.assessments, 0)::integer AS assessments
FROM auxeira.education_programmes AS p
CROSS JOIN targets AS tg
LEFT JOIN assessed AS a
       ON a.programme_id = p.id AND a.sdg_target = tg.sdg_target AND a.recency = 1
WHERE p.user_id = auxeira.current_user_id()
  AND (tg.sdg_target = ANY (p.sdg_targets::text[]) OR a.programme_id IS NOT NULL);

COMMENT ON VIEW auxeira_dash.esg_education_compliance IS
    'GET /api/dashboard/esg-education/compliance: UNESCO SDG 4 compliance of the current '
    'user''s programmes, one row per programme and target that the programme addresses '
    '(education_programmes.sdg_targets) or was assessed on: the latest assessment''s status '
    '(compliant, partial, non_compliant, not_applicable; not_assessed when never assessed), '
    'date, assessor and evidence, and how many assessments there were. Live.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.programme_id IS
    'The programme (education_programmes.id).';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.programme_name IS
    'education_programmes.name.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.sdg_target IS
    'SDG 4 target: 4.1-4.7, 4.a-4.c.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.target_title IS
    'Short title of the target.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.addressed IS
    'True when the programme lists the target in sdg_targets.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.status IS
    'Latest assessment: compliant, partial, non_compliant, not_applicable; not_assessed when '
    'never assessed.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.assessed_on IS
    'Date of the latest assessment; NULL = never assessed.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.assessor IS
    'Who made the latest assessment.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.evidence_uri IS
    'Evidence of the latest assessment.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.notes IS 'Notes of the latest assessment.';
COMMENT ON COLUMN auxeira_dash.esg_education_compliance.assessments IS
    'How many assessments of the target exist.';
