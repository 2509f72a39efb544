-- ESG education dashboard: education programmes run or funded by an ESG user, and what they
-- achieve. The specification lists the endpoints but has no tables for them.
--   auxeira.education_programmes          one row per programme, owned by an esg user
--   auxeira.education_student_outcomes    per programme and cohort: enrolment, completion,
--                                         assessment, equity and placement counts
--   auxeira.education_teacher_training    per programme: teacher-training batches (teachers,
--                                         hours, certification, assessed improvement)
--   auxeira.education_unesco_compliance   per programme: dated assessments against the SDG 4
--                                         targets 4.1-4.7 and 4.a-4.c
-- Child rows repeat the programme's owner (user_id) under a composite foreign key to
-- (programme id, owner), so row-level security and change notifications key on one column and
-- a child row can never name a programme of another owner.
-- Triggers, row-level security and grants: sql/security/220_esg.sql. The impact roll-up:
-- auxeira_mv.esg_programme_impact in sql/views/esg.sql.

CREATE TABLE auxeira.education_programmes (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    description text,
    country_code char(2) NOT NULL,
    region varchar(100),
    education_level varchar(30) NOT NULL,
    delivery_mode varchar(20) NOT NULL DEFAULT 'in_person',
    status varchar(20) NOT NULL DEFAULT 'active',
    start_date date NOT NULL,
    end_date date,
    budget numeric(15,2),
    currency char(3) NOT NULL DEFAULT 'USD',
    target_students integer,
    target_teachers integer,
    sdg_targets varchar(3)[] NOT NULL DEFAULT '{}',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT education_programmes_pkey PRIMARY KEY (id),
    CONSTRAINT education_programmes_id_user_id_key UNIQUE (id, user_id),
    CONSTRAINT education_programmes_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT education_programmes_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT education_programmes_country_code_check CHECK (country_code ~ '^[A-Z]{2}$'),
    CONSTRAINT education_programmes_education_level_check CHECK (
        education_level IN (
            'early_childhood', 'primary', 'secondary', 'tvet', 'tertiary', 'adult',
            'teacher_education', 'mixed'
        )
    ),
    CONSTRAINT education_programmes_delivery_mode_check CHECK (
        delivery_mode IN ('in_person', 'online', 'blended')
    ),
    CONSTRAINT education_programmes_status_check CHECK (
        status IN ('planned', 'active', 'completed', 'suspended')
    ),
    CONSTRAINT education_programmes_start_date_check CHECK (start_date >= DATE '1990-01-01'),
    CONSTRAINT education_programmes_end_date_check CHECK (end_date >= start_date),
    CONSTRAINT education_programmes_budget_check CHECK (budget >= 0),
    CONSTRAINT education_programmes_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT education_programmes_target_students_check CHECK (target_students >= 0),
    CONSTRAINT education_programmes_target_teachers_check CHECK (target_teachers >= 0),
    CONSTRAINT education_programmes_sdg_targets_check CHECK (
        sdg_targets <@ ARRAY['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.a', '4.b', '4.c']
            ::varchar(3)[]
        AND array_position(sdg_targets, NULL) IS NULL
    ),
    CONSTRAINT education_programmes_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX education_programmes_user_id_name_start_date_key
    ON auxeira.education_programmes (user_id, name, start_date);
CREATE INDEX education_programmes_expires_at_idx
    ON auxeira.education_programmes (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.education_programmes IS
    'Education programmes an ESG user runs or funds (schools, vocational training, literacy, '
    'teacher education ...): one row per programme, owned by that user. Outcomes, teacher '
    'training and UNESCO (SDG 4) compliance hang off it. Written by '
    'auxeira_dash.esg_education_record_programme (POST /api/dashboard/esg-education/program).';
COMMENT ON COLUMN auxeira.education_programmes.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.education_programmes.user_id IS
    'The ESG user (users.id, user_type esg) who owns the programme. Required.';
COMMENT ON COLUMN auxeira.education_programmes.name IS
    'Programme name. Required, not blank; unique per owner and start date.';
COMMENT ON COLUMN auxeira.education_programmes.description IS
    'What the programme does. NULL = none.';
COMMENT ON COLUMN auxeira.education_programmes.country_code IS
    'Country where it is delivered, ISO 3166-1 alpha-2 in upper case (e.g. NG, KE). Required.';
COMMENT ON COLUMN auxeira.education_programmes.region IS
    'Region, state or city within the country. NULL = national or not given.';
COMMENT ON COLUMN auxeira.education_programmes.education_level IS
    'Level taught (ISCED-style bands): early_childhood, primary, secondary, tvet (technical and '
    'vocational), tertiary, adult (adult literacy and learning), teacher_education, mixed.';
COMMENT ON COLUMN auxeira.education_programmes.delivery_mode IS
    'in_person (default), online or blended.';
COMMENT ON COLUMN auxeira.education_programmes.status IS
    'planned (not started), active (default), completed, suspended.';
COMMENT ON COLUMN auxeira.education_programmes.start_date IS
    'Day the programme started (or will start). Required, not before 1990.';
COMMENT ON COLUMN auxeira.education_programmes.end_date IS
    'Day it ended or is planned to end, >= start_date. NULL = open-ended.';
COMMENT ON COLUMN auxeira.education_programmes.budget IS
    'Total budget in currency units of the currency column, >= 0. NULL = not disclosed.';
COMMENT ON COLUMN auxeira.education_programmes.currency IS
    'ISO 4217 code of the budget (default USD).';
COMMENT ON COLUMN auxeira.education_programmes.target_students IS
    'Number of students the programme aims to enrol, >= 0. NULL = no target.';
COMMENT ON COLUMN auxeira.education_programmes.target_teachers IS
    'Number of teachers the programme aims to train, >= 0. NULL = no target.';
COMMENT ON COLUMN auxeira.education_programmes.sdg_targets IS
    'The SDG 4 targets the programme addresses (subset of 4.1-4.7, 4.a-4.c, no NULLs); its '
    'UNESCO compliance status is reported for these and for any target assessed. Default empty.';
COMMENT ON COLUMN auxeira.education_programmes.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.education_programmes.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.education_programmes.created_at IS 'When the programme was logged.';
COMMENT ON COLUMN auxeira.education_programmes.updated_at IS
    'When the row was last updated; set by trigger update_education_programmes_updated_at.';
COMMENT ON CONSTRAINT education_programmes_id_user_id_key ON auxeira.education_programmes IS
    'Target of the child tables'' composite foreign keys (programme_id, user_id): a child row '
    'always carries the owner of its programme.';
COMMENT ON INDEX auxeira.education_programmes_id_user_id_key IS
    'The index of constraint education_programmes_id_user_id_key (id, user_id), which the child '
    'tables'' composite foreign keys reference.';
COMMENT ON INDEX auxeira.education_programmes_user_id_name_start_date_key IS
    'A programme is logged once per owner, name and start date (a repeated POST is refused); '
    'also serves the user_id foreign key and the owner''s list of programmes.';
COMMENT ON INDEX auxeira.education_programmes_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';


CREATE TABLE auxeira.education_student_outcomes (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    programme_id uuid NOT NULL,
    user_id uuid NOT NULL,
    cohort_name varchar(100) NOT NULL,
    reported_on date NOT NULL,
    students_enrolled integer NOT NULL,
    students_completed integer NOT NULL DEFAULT 0,
    students_assessed integer NOT NULL DEFAULT 0,
    students_proficient integer NOT NULL DEFAULT 0,
    female_students integer,
    students_with_disabilities integer,
    placed_in_employment integer NOT NULL DEFAULT 0,
    placed_in_further_education integer NOT NULL DEFAULT 0,
    average_assessment_score numeric(5,2),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT education_student_outcomes_pkey PRIMARY KEY (id),
    CONSTRAINT education_student_outcomes_programme_id_fkey
        FOREIGN KEY (programme_id, user_id)
        REFERENCES auxeira.education_programmes (id, user_id),
    CONSTRAINT education_student_outcomes_cohort_name_check CHECK (btrim(cohort_name) <> ''),
    CONSTRAINT education_student_outcomes_students_completed_check CHECK (
        students_completed BETWEEN 0 AND students_enrolled
    ),
    CONSTRAINT education_student_outcomes_students_assessed_check CHECK (
        students_assessed BETWEEN 0 AND students_enrolled
    ),
    CONSTRAINT education_student_outcomes_students_proficient_check CHECK (
        students_proficient BETWEEN 0 AND students_assessed
    ),
    CONSTRAINT education_student_outcomes_female_students_check CHECK (
        female_students BETWEEN 0 AND students_enrolled
    ),
    CONSTRAINT education_student_outcomes_students_with_disabilities_check CHECK (
        students_with_disabilities BETWEEN 0 AND students_enrolled
    ),
    CONSTRAINT education_student_outcomes_placed_in_employment_check CHECK (
        placed_in_employment >= 0
    ),
    CONSTRAINT education_student_outcomes_placed_in_further_education_check CHECK (
        placed_in_further_education >= 0
    ),
    CONSTRAINT education_student_outcomes_placements_check CHECK (
        placed_in_employment + placed_in_further_education <= students_completed
    ),
    CONSTRAINT education_student_outcomes_average_assessment_score_check CHECK (
        average_assessment_score BETWEEN 0 AND 100
    ),
    CONSTRAINT education_student_outcomes_expires_at_check CHECK (
        expires_at IS NULL OR is_synthetic
    )
);

CREATE UNIQUE INDEX education_student_outcomes_programme_id_cohort_name_key
    ON auxeira.education_student_outcomes (programme_id, cohort_name);
CREATE INDEX education_student_outcomes_user_id_programme_id_idx
    ON auxeira.education_student_outcomes (user_id, programme_id);
CREATE INDEX education_student_outcomes_expires_at_idx
    ON auxeira.education_student_outcomes (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.education_student_outcomes IS
    'Student outcomes of a programme, one row per cohort (intake), updated as the cohort '
    'progresses: enrolled, completed, assessed, proficient, equity counts and placements. '
    'Cohorts are disjoint, so a programme''s totals are sums over its rows. The counts follow '
    'SDG 4 indicators: completion (4.1), proficiency (4.1.1), placement into work or further '
    'study (4.3, 4.4), gender and disability shares (4.5).';
COMMENT ON COLUMN auxeira.education_student_outcomes.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.education_student_outcomes.programme_id IS
    'The programme (education_programmes.id). Required.';
COMMENT ON COLUMN auxeira.education_student_outcomes.user_id IS
    'Owner of the programme (users.id), repeated here; the composite foreign key '
    '(programme_id, user_id) guarantees it matches the programme.';
COMMENT ON COLUMN auxeira.education_student_outcomes.cohort_name IS
    'Name of the cohort, e.g. "2024 intake" or "Term 1 2025". Unique per programme.';
COMMENT ON COLUMN auxeira.education_student_outcomes.reported_on IS
    'Date the counts are as of.';
COMMENT ON COLUMN auxeira.education_student_outcomes.students_enrolled IS
    'Students enrolled in the cohort, >= 0 (implied by the CHECKs of the counts bounded by it, '
    'e.g. students_completed BETWEEN 0 AND students_enrolled). Required.';
COMMENT ON COLUMN auxeira.education_student_outcomes.students_completed IS
    'Students who completed the programme, 0 to students_enrolled.';
COMMENT ON COLUMN auxeira.education_student_outcomes.students_assessed IS
    'Students who sat the programme''s learning assessment, 0 to students_enrolled.';
COMMENT ON COLUMN auxeira.education_student_outcomes.students_proficient IS
    'Assessed students reaching the minimum proficiency level (SDG indicator 4.1.1), 0 to '
    'students_assessed.';
COMMENT ON COLUMN auxeira.education_student_outcomes.female_students IS
    'Female students enrolled, 0 to students_enrolled. NULL = not reported.';
COMMENT ON COLUMN auxeira.education_student_outcomes.students_with_disabilities IS
    'Enrolled students with a disability, 0 to students_enrolled. NULL = not reported.';
COMMENT ON COLUMN auxeira.education_student_outcomes.placed_in_employment IS
    'Completers in employment or self-employment after the programme, >= 0.';
COMMENT ON COLUMN auxeira.education_student_outcomes.placed_in_further_education IS
    'Completers who went on to further education or training, >= 0. Together with '
    'placed_in_employment at most students_completed.';
COMMENT ON COLUMN auxeira.education_student_outcomes.average_assessment_score IS
    'Mean assessment score of the assessed students, 0-100. NULL = not reported.';
COMMENT ON COLUMN auxeira.education_student_outcomes.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.education_student_outcomes.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.education_student_outcomes.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.education_student_outcomes.updated_at IS
    'When the row was last updated; set by trigger update_education_student_outcomes_updated_at.';
COMMENT ON INDEX auxeira.education_student_outcomes_programme_id_cohort_name_key IS
    'One row per cohort of a programme; serves per-programme aggregation.';
COMMENT ON INDEX auxeira.education_student_outcomes_user_id_programme_id_idx IS
    'Serves the composite foreign key to education_programmes and the owner filter of '
    'row-level security.';
COMMENT ON INDEX auxeira.education_student_outcomes_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';


CREATE TABLE auxeira.education_teacher_training (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    programme_id uuid NOT NULL,
    user_id uuid NOT NULL,
    training_date date NOT NULL,
    training_type varchar(20) NOT NULL,
    teachers_trained integer NOT NULL,
    female_teachers integer,
    hours_per_teacher numeric(7,2) NOT NULL,
    teachers_certified integer NOT NULL DEFAULT 0,
    certification varchar(255),
    pre_assessment_score numeric(5,2),
    post_assessment_score numeric(5,2),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT education_teacher_training_pkey PRIMARY KEY (id),
    CONSTRAINT education_teacher_training_programme_id_fkey
        FOREIGN KEY (programme_id, user_id)
        REFERENCES auxeira.education_programmes (id, user_id),
    CONSTRAINT education_teacher_training_training_type_check CHECK (
        training_type IN ('pre_service', 'in_service', 'certification', 'coaching')
    ),
    CONSTRAINT education_teacher_training_teachers_trained_check CHECK (teachers_trained > 0),
    CONSTRAINT education_teacher_training_female_teachers_check CHECK (
        female_teachers BETWEEN 0 AND teachers_trained
    ),
    CONSTRAINT education_teacher_training_hours_per_teacher_check CHECK (
        hours_per_teacher > 0 AND hours_per_teacher <= 2000
    ),
    CONSTRAINT education_teacher_training_teachers_certified_check CHECK (
        teachers_certified BETWEEN 0 AND teachers_trained
    ),
    CONSTRAINT education_teacher_training_certification_check CHECK (
        teachers_certified = 0 OR btrim(certification) <> ''
    ),
    CONSTRAINT education_teacher_training_pre_assessment_score_check CHECK (
        pre_assessment_score BETWEEN 0 AND 100
    ),
    CONSTRAINT education_teacher_training_post_assessment_score_check CHECK (
        post_assessment_score BETWEEN 0 AND 100
    ),
    CONSTRAINT education_teacher_training_expires_at_check CHECK (
        expires_at IS NULL OR is_synthetic
    )
);

CREATE UNIQUE INDEX education_teacher_training_programme_id_training_date_key
    ON auxeira.education_teacher_training (programme_id, training_date, training_type);
CREATE INDEX education_teacher_training_user_id_programme_id_idx
    ON auxeira.education_teacher_training (user_id, programme_id);
CREATE INDEX education_teacher_training_expires_at_idx
    ON auxeira.education_teacher_training (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.education_teacher_training IS
    'Teacher training delivered by a programme: one row per training batch (date and type), '
    'with teachers trained, hours, certification and the assessed improvement. Batches are '
    'disjoint, so totals are sums over rows. Supports SDG target 4.c (supply of qualified '
    'teachers).';
COMMENT ON COLUMN auxeira.education_teacher_training.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.education_teacher_training.programme_id IS
    'The programme (education_programmes.id). Required.';
COMMENT ON COLUMN auxeira.education_teacher_training.user_id IS
    'Owner of the programme (users.id), repeated here under the composite foreign key.';
COMMENT ON COLUMN auxeira.education_teacher_training.training_date IS
    'Day the batch ended (or the reporting date of an ongoing one).';
COMMENT ON COLUMN auxeira.education_teacher_training.training_type IS
    'pre_service (trainee teachers), in_service (serving teachers), certification (a course '
    'leading to a recognised qualification), coaching (classroom mentoring). One row per '
    'programme, date and type.';
COMMENT ON COLUMN auxeira.education_teacher_training.teachers_trained IS
    'Teachers who completed the batch, > 0.';
COMMENT ON COLUMN auxeira.education_teacher_training.female_teachers IS
    'Of them, female teachers, 0 to teachers_trained. NULL = not reported.';
COMMENT ON COLUMN auxeira.education_teacher_training.hours_per_teacher IS
    'Training hours each teacher received, > 0 and at most 2,000; the batch''s total hours are '
    'teachers_trained x hours_per_teacher.';
COMMENT ON COLUMN auxeira.education_teacher_training.teachers_certified IS
    'Teachers who obtained the certification named in certification, 0 to teachers_trained.';
COMMENT ON COLUMN auxeira.education_teacher_training.certification IS
    'Name of the qualification awarded (e.g. "National Teaching Certificate"); required when '
    'teachers_certified > 0. NULL = none.';
COMMENT ON COLUMN auxeira.education_teacher_training.pre_assessment_score IS
    'Mean score of the teachers on the assessment before training, 0-100. NULL = not assessed.';
COMMENT ON COLUMN auxeira.education_teacher_training.post_assessment_score IS
    'Mean score after training, 0-100; the improvement is post minus pre. NULL = not assessed.';
COMMENT ON COLUMN auxeira.education_teacher_training.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.education_teacher_training.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.education_teacher_training.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.education_teacher_training.updated_at IS
    'When the row was last updated; set by trigger update_education_teacher_training_updated_at.';
COMMENT ON INDEX auxeira.education_teacher_training_programme_id_training_date_key IS
    'One batch per programme, date and type; serves per-programme aggregation.';
COMMENT ON INDEX auxeira.education_teacher_training_user_id_programme_id_idx IS
    'Serves the composite foreign key to education_programmes and the owner filter of '
    'row-level security.';
COMMENT ON INDEX auxeira.education_teacher_training_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';


CREATE TABLE auxeira.education_unesco_compliance (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    programme_id uuid NOT NULL,
    user_id uuid NOT NULL,
    sdg_target varchar(3) NOT NULL,
    status varchar(20) NOT NULL,
    assessed_on date NOT NULL,
    assessor varchar(255),
    evidence_uri varchar(1000),
    notes text,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT education_unesco_compliance_pkey PRIMARY KEY (id),
    CONSTRAINT education_unesco_compliance_programme_id_fkey
        FOREIGN KEY (programme_id, user_id)
        REFERENCES auxeira.education_programmes (id, user_id),
    CONSTRAINT education_unesco_compliance_sdg_target_check CHECK (
        sdg_target IN ('4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.a', '4.b', '4.c')
    ),
    CONSTRAINT education_unesco_compliance_status_check CHECK (
        status IN ('compliant', 'partial', 'non_compliant', 'not_applicable')
    ),
    CONSTRAINT education_unesco_compliance_evidence_uri_check CHECK (
        evidence_uri ~ '^[a-z][a-z0-9+.-]*://[^[:space:]]+$'
    ),
    CONSTRAINT education_unesco_compliance_status_evidence_check CHECK (
        status NOT IN ('compliant', 'partial') OR evidence_uri IS NOT NULL
    ),
    CONSTRAINT education_unesco_compliance_expires_at_check CHECK (
        expires_at IS NULL OR is_synthetic
    )
);

CREATE UNIQUE INDEX education_unesco_compliance_programme_id_sdg_target_key
    ON auxeira.education_unesco_compliance (programme_id, sdg_target, assessed_on);
CREATE INDEX education_unesco_compliance_user_id_programme_id_idx
    ON auxeira.education_unesco_compliance (user_id, programme_id);
CREATE INDEX education_unesco_compliance_expires_at_idx
    ON auxeira.education_unesco_compliance (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.education_unesco_compliance IS
    'Assessments of a programme against the UNESCO SDG 4 (quality education) targets: one row '
    'per programme, target and assessment date, never updated (a new assessment is a new row). '
    'The current status of a target is its latest assessment.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.programme_id IS
    'The programme assessed (education_programmes.id). Required.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.user_id IS
    'Owner of the programme (users.id), repeated here under the composite foreign key.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.sdg_target IS
    'SDG 4 target: 4.1 primary and secondary education and learning outcomes, 4.2 early '
    'childhood, 4.3 technical, vocational and tertiary access, 4.4 skills for work, 4.5 equity '
    '(gender, disability, vulnerable groups), 4.6 literacy and numeracy, 4.7 education for '
    'sustainable development and global citizenship, 4.a safe and inclusive facilities, '
    '4.b scholarships, 4.c qualified teachers.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.status IS
    'compliant (meets the target''s criteria), partial (some criteria met), non_compliant, '
    'not_applicable (the target does not concern the programme). compliant and partial need '
    'evidence_uri.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.assessed_on IS 'Date of the assessment.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.assessor IS
    'Who assessed (organisation or role). NULL = self-assessment.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.evidence_uri IS
    'Where the supporting evidence is stored, a URI with a scheme. Required for compliant and '
    'partial. NULL = none.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.notes IS
    'Findings and actions, free text. NULL = none.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.education_unesco_compliance.created_at IS 'When the row was inserted.';
COMMENT ON INDEX auxeira.education_unesco_compliance_programme_id_sdg_target_key IS
    'One assessment per programme, target and day; serves "latest assessment of each target".';
COMMENT ON INDEX auxeira.education_unesco_compliance_user_id_programme_id_idx IS
    'Serves the composite foreign key to education_programmes and the owner filter of '
    'row-level security.';
COMMENT ON INDEX auxeira.education_unesco_compliance_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX education_student_outcomes_user_id_reported_on_id_idx
    ON auxeira.education_student_outcomes (user_id, reported_on DESC, id DESC);
COMMENT ON INDEX auxeira.education_student_outcomes_user_id_reported_on_id_idx IS
    'A user''s student outcomes, newest report first: the order of the keyset-paged list '
    '(auxeira_dash.esg_education_students_page, 0026).';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX education_teacher_training_user_id_training_date_id_idx
    ON auxeira.education_teacher_training (user_id, training_date DESC, id DESC);
COMMENT ON INDEX auxeira.education_teacher_training_user_id_training_date_id_idx IS
    'A user''s teacher-training batches, newest first: the order of the keyset-paged list '
    '(auxeira_dash.esg_education_teachers_page, 0026).';
