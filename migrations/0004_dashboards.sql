-- depends: 0003_synthetic_templates
-- 0004_dashboards: the six dashboards of the specification as views and functions in
-- schema auxeira_dash, their materialized views in auxeira_mv, the tables the endpoints
-- need, the refresh log and change notifications. Released migrations are immutable.

-- The owner creates two schemas: renew its CREATE on this database (database-level grants
-- are not copied when a database is cloned from a template).
DO $$
BEGIN
    EXECUTE pg_catalog.format('GRANT CREATE ON DATABASE %I TO auxeira_owner', current_database());
END
$$;

SET LOCAL ROLE auxeira_owner;

-- ===== from sql/schema/200_dashboards.sql =====

-- The dashboards' home: schema auxeira_dash holds what the six dashboards read and call (views
-- and functions, granted to auxeira_app and auxeira_readonly); schema auxeira_mv holds the
-- materialized views behind them, which no application role may read directly (materialized
-- views cannot have row-level security). The refresh log records every refresh.

CREATE SCHEMA auxeira_dash AUTHORIZATION auxeira_owner;
COMMENT ON SCHEMA auxeira_dash IS
    'Dashboard API: one view or function per endpoint of the six dashboards (startup, vc, '
    'angel, esg, government, corporate). Tenant data is filtered by auxeira.current_user_id(); '
    'cross-tenant figures are aggregates of at least five companies.';

CREATE SCHEMA auxeira_mv AUTHORIZATION auxeira_owner;
COMMENT ON SCHEMA auxeira_mv IS
    'Materialized views behind the dashboards, refreshed by auxeira-db refresh. Not readable by '
    'auxeira_app: tenants reach them only through the filtering functions of auxeira_dash.';

CREATE TABLE auxeira.view_refreshes (
    id bigint GENERATED ALWAYS AS IDENTITY,
    view_name text NOT NULL,
    started_at timestamptz NOT NULL,
    duration_ms numeric(12,3) NOT NULL,
    row_count bigint NOT NULL,
    concurrent boolean NOT NULL,
    refreshed_by text NOT NULL DEFAULT current_user,
    CONSTRAINT view_refreshes_pkey PRIMARY KEY (id),
    CONSTRAINT view_refreshes_duration_ms_check CHECK (duration_ms >= 0),
    CONSTRAINT view_refreshes_row_count_check CHECK (row_count >= 0)
);

CREATE INDEX view_refreshes_view_name_started_at_idx
    ON auxeira.view_refreshes (view_name, started_at DESC);

COMMENT ON TABLE auxeira.view_refreshes IS
    'One row per refresh of a materialized view in auxeira_mv, written by '
    'auxeira.refresh_materialized_view(): which view, when, how long, how many rows. '
    'auxeira-db doctor reports views whose latest refresh is older than a threshold.';
COMMENT ON COLUMN auxeira.view_refreshes.id IS 'Primary key, in insertion order.';
COMMENT ON COLUMN auxeira.view_refreshes.view_name IS
    'Schema-qualified name of the materialized view, e.g. auxeira_mv.ecosystem_pulse.';
COMMENT ON COLUMN auxeira.view_refreshes.started_at IS 'When the refresh started.';
COMMENT ON COLUMN auxeira.view_refreshes.duration_ms IS 'How long the refresh took, in ms.';
COMMENT ON COLUMN auxeira.view_refreshes.row_count IS 'Rows in the view after the refresh.';
COMMENT ON COLUMN auxeira.view_refreshes.concurrent IS
    'True for REFRESH ... CONCURRENTLY (readers never blocked), false for a blocking refresh.';
COMMENT ON COLUMN auxeira.view_refreshes.refreshed_by IS 'Database role that ran the refresh.';
COMMENT ON INDEX auxeira.view_refreshes_view_name_started_at_idx IS
    'Serves "latest refresh of each view" (doctor, staleness checks).';

-- ===== from sql/schema/210_startup.sql =====

-- Startup founder dashboard: the tables the specification's endpoints need and it has none for.
--   auxeira.founder_daily_actions  daily actions of a founder, with status and progress
--   auxeira.customer_interviews    customer interviews a founder logs (POST .../interview)
--   auxeira.startup_evidence       evidence files recorded by reference and SHA-256, never the
--                                  bytes (POST .../evidence)
-- Triggers (updated_at, NOTIFY), row-level security and grants: sql/security/210_startup.sql.

CREATE TABLE auxeira.founder_daily_actions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    company_id uuid,
    action_date date NOT NULL,
    action_type varchar(50) NOT NULL,
    title varchar(255) NOT NULL,
    description text,
    status varchar(20) NOT NULL DEFAULT 'pending',
    target_count integer NOT NULL DEFAULT 1,
    completed_count integer NOT NULL DEFAULT 0,
    progress integer GENERATED ALWAYS AS (
        LEAST(100, completed_count * 100 / GREATEST(target_count, 1))
    ) STORED,
    token_reward integer NOT NULL DEFAULT 0,
    completed_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT founder_daily_actions_pkey PRIMARY KEY (id),
    CONSTRAINT founder_daily_actions_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT founder_daily_actions_company_id_fkey
        FOREIGN KEY (company_id) REFERENCES auxeira.companies (id),
    CONSTRAINT founder_daily_actions_action_type_check CHECK (
        action_type IN (
            'customer_interview', 'evidence_upload', 'metrics_update', 'investor_update',
            'product', 'hiring', 'fundraising', 'learning', 'other'
        )
    ),
    CONSTRAINT founder_daily_actions_title_check CHECK (btrim(title) <> ''),
    CONSTRAINT founder_daily_actions_status_check CHECK (
        status IN ('pending', 'in_progress', 'completed', 'skipped')
    ),
    CONSTRAINT founder_daily_actions_target_count_check CHECK (target_count BETWEEN 1 AND 1000),
    CONSTRAINT founder_daily_actions_completed_count_check CHECK (
        completed_count BETWEEN 0 AND 1000000
    ),
    CONSTRAINT founder_daily_actions_token_reward_check CHECK (token_reward >= 0),
    CONSTRAINT founder_daily_actions_completed_at_check CHECK (
        (status = 'completed') = (completed_at IS NOT NULL)
    ),
    CONSTRAINT founder_daily_actions_status_completed_count_check CHECK (
        status <> 'completed' OR completed_count >= target_count
    ),
    CONSTRAINT founder_daily_actions_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX founder_daily_actions_user_id_action_date_key
    ON auxeira.founder_daily_actions (user_id, action_date, action_type, company_id)
    NULLS NOT DISTINCT;
CREATE INDEX founder_daily_actions_company_id_idx
    ON auxeira.founder_daily_actions (company_id);
CREATE INDEX founder_daily_actions_expires_at_idx
    ON auxeira.founder_daily_actions (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.founder_daily_actions IS
    'Daily actions suggested to a founder (talk to customers, update metrics, write the investor '
    'update ...): one row per founder, day, action type and company, with its status and '
    'progress. Created by the platform each day; progressed by the founder, and automatically '
    'by auxeira_dash.startup_log_interview (customer_interview) and '
    'auxeira_dash.startup_record_evidence (evidence_upload). Read by GET '
    '/api/dashboard/startup/actions (today''s actions, streak and progress).';
COMMENT ON COLUMN auxeira.founder_daily_actions.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.founder_daily_actions.user_id IS
    'The founder (users.id) the action is for. Required.';
COMMENT ON COLUMN auxeira.founder_daily_actions.company_id IS
    'The founder''s company (companies.id) the action concerns. NULL = not about one company '
    '(e.g. "complete your profile").';
COMMENT ON COLUMN auxeira.founder_daily_actions.action_date IS
    'The day the action is due (the founder''s "today" when it was suggested).';
COMMENT ON COLUMN auxeira.founder_daily_actions.action_type IS
    'What kind of action: customer_interview, evidence_upload, metrics_update, investor_update, '
    'product, hiring, fundraising, learning, other. At most one action per founder, day, type and '
    'company.';
COMMENT ON COLUMN auxeira.founder_daily_actions.title IS
    'Short text shown to the founder, e.g. "Interview 2 customers". Required, not blank.';
COMMENT ON COLUMN auxeira.founder_daily_actions.description IS
    'Longer explanation or tips. NULL = none.';
COMMENT ON COLUMN auxeira.founder_daily_actions.status IS
    'pending (not started, default), in_progress (some progress), completed (target reached; '
    'completed_at set), skipped (the founder chose not to do it).';
COMMENT ON COLUMN auxeira.founder_daily_actions.target_count IS
    'How many units complete the action (e.g. 2 interviews), 1-1000; default 1.';
COMMENT ON COLUMN auxeira.founder_daily_actions.completed_count IS
    'Units done so far, 0 to 1,000,000; may exceed target_count. A completed action has '
    'completed_count >= target_count.';
COMMENT ON COLUMN auxeira.founder_daily_actions.progress IS
    'Generated: completed_count / target_count as a whole percentage (rounded down), capped at '
    '100.';
COMMENT ON COLUMN auxeira.founder_daily_actions.token_reward IS
    'Tokens the founder earns on completion, >= 0 (credited in token_transactions by the '
    'platform, not by this table).';
COMMENT ON COLUMN auxeira.founder_daily_actions.completed_at IS
    'When the action was completed; set exactly when status = completed.';
COMMENT ON COLUMN auxeira.founder_daily_actions.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.founder_daily_actions.expires_at IS
    'When synthetic data may be removed; NULL for real rows (CHECK '
    'founder_daily_actions_expires_at_check).';
COMMENT ON COLUMN auxeira.founder_daily_actions.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.founder_daily_actions.updated_at IS
    'When the row was last updated; set by trigger update_founder_daily_actions_updated_at.';
COMMENT ON INDEX auxeira.founder_daily_actions_user_id_action_date_key IS
    'One action per founder, day, type and company (NULL company counts as one value); serves '
    'today''s actions and the streak scan of a founder, and the user_id foreign key.';
COMMENT ON INDEX auxeira.founder_daily_actions_company_id_idx IS
    'Serves the company_id foreign key (deleting or cleaning up a company).';
COMMENT ON INDEX auxeira.founder_daily_actions_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';


CREATE TABLE auxeira.customer_interviews (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    user_id uuid NOT NULL,
    interview_date date NOT NULL,
    interviewee_role varchar(100) NOT NULL,
    segment varchar(100),
    channel varchar(20) NOT NULL DEFAULT 'video',
    problem_validated boolean NOT NULL,
    pain_level smallint,
    willingness_to_pay varchar(10) NOT NULL DEFAULT 'unknown',
    price_point numeric(12,2),
    notes text,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT customer_interviews_pkey PRIMARY KEY (id),
    CONSTRAINT customer_interviews_company_id_fkey
        FOREIGN KEY (company_id) REFERENCES auxeira.companies (id),
    CONSTRAINT customer_interviews_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT customer_interviews_interview_date_check CHECK (interview_date >= DATE '2000-01-01'),
    CONSTRAINT customer_interviews_interviewee_role_check CHECK (btrim(interviewee_role) <> ''),
    CONSTRAINT customer_interviews_channel_check CHECK (
        channel IN ('in_person', 'video', 'phone', 'survey', 'other')
    ),
    CONSTRAINT customer_interviews_pain_level_check CHECK (pain_level BETWEEN 1 AND 5),
    CONSTRAINT customer_interviews_willingness_to_pay_check CHECK (
        willingness_to_pay IN ('none', 'low', 'medium', 'high', 'unknown')
    ),
    CONSTRAINT customer_interviews_price_point_check CHECK (price_point >= 0),
    CONSTRAINT customer_interviews_notes_check CHECK (length(notes) <= 20000),
    CONSTRAINT customer_interviews_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX customer_interviews_company_id_interview_date_idx
    ON auxeira.customer_interviews (company_id, interview_date);
CREATE INDEX customer_interviews_user_id_idx ON auxeira.customer_interviews (user_id);
CREATE INDEX customer_interviews_expires_at_idx
    ON auxeira.customer_interviews (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.customer_interviews IS
    'Customer-discovery interviews logged by a founder for one of their companies: who was '
    'interviewed (role, segment), whether the problem was confirmed, how much it hurts and '
    'whether they would pay. Written by auxeira_dash.startup_log_interview (POST '
    '/api/dashboard/startup/interview), which validates the input.';
COMMENT ON COLUMN auxeira.customer_interviews.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.customer_interviews.company_id IS
    'The founder''s company (companies.id) the interview is for. Required.';
COMMENT ON COLUMN auxeira.customer_interviews.user_id IS
    'The founder (users.id) who logged the interview. Required.';
COMMENT ON COLUMN auxeira.customer_interviews.interview_date IS
    'Day the interview took place; not in the future when logged, not before 2000.';
COMMENT ON COLUMN auxeira.customer_interviews.interviewee_role IS
    'Role or job title of the person interviewed (e.g. "Head of Finance"); no names or contact '
    'details. Required, not blank.';
COMMENT ON COLUMN auxeira.customer_interviews.segment IS
    'Customer segment the interviewee belongs to (e.g. "SMB retailers, Lagos"). NULL = not given.';
COMMENT ON COLUMN auxeira.customer_interviews.channel IS
    'How the interview was held: in_person, video (default), phone, survey, other.';
COMMENT ON COLUMN auxeira.customer_interviews.problem_validated IS
    'True when the interviewee confirmed having the problem the company solves. Required.';
COMMENT ON COLUMN auxeira.customer_interviews.pain_level IS
    'How much the problem hurts the interviewee, 1 (barely) to 5 (hair on fire). NULL = not asked.';
COMMENT ON COLUMN auxeira.customer_interviews.willingness_to_pay IS
    'Stated willingness to pay for a solution: none, low, medium, high, unknown (default).';
COMMENT ON COLUMN auxeira.customer_interviews.price_point IS
    'Price the interviewee said they would pay, in currency units per month, >= 0. NULL = none '
    'stated.';
COMMENT ON COLUMN auxeira.customer_interviews.notes IS
    'Free-text notes, at most 20,000 characters. NULL = none.';
COMMENT ON COLUMN auxeira.customer_interviews.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.customer_interviews.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.customer_interviews.created_at IS 'When the interview was logged.';
COMMENT ON COLUMN auxeira.customer_interviews.updated_at IS
    'When the row was last edited; set by trigger update_customer_interviews_updated_at.';
COMMENT ON INDEX auxeira.customer_interviews_company_id_interview_date_idx IS
    'Serves a company''s interviews by date and the company_id foreign key.';
COMMENT ON INDEX auxeira.customer_interviews_user_id_idx IS
    'Serves the user_id foreign key.';
COMMENT ON INDEX auxeira.customer_interviews_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';


CREATE TABLE auxeira.startup_evidence (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    user_id uuid NOT NULL,
    interview_id uuid,
    evidence_kind varchar(30) NOT NULL,
    title varchar(255) NOT NULL,
    file_uri varchar(1000) NOT NULL,
    file_sha256 char(64) NOT NULL,
    size_bytes bigint NOT NULL,
    media_type varchar(255),
    note text,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT startup_evidence_pkey PRIMARY KEY (id),
    CONSTRAINT startup_evidence_company_id_fkey
        FOREIGN KEY (company_id) REFERENCES auxeira.companies (id),
    CONSTRAINT startup_evidence_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT startup_evidence_interview_id_fkey
        FOREIGN KEY (interview_id) REFERENCES auxeira.customer_interviews (id),
    CONSTRAINT startup_evidence_evidence_kind_check CHECK (
        evidence_kind IN (
            'customer_interview', 'traction', 'financial', 'product', 'legal', 'team',
            'market_research', 'other'
        )
    ),
    CONSTRAINT startup_evidence_title_check CHECK (btrim(title) <> ''),
    CONSTRAINT startup_evidence_file_uri_check CHECK (
        file_uri ~ '^[a-z][a-z0-9+.-]*://[^[:space:]]+$'
    ),
    CONSTRAINT startup_evidence_file_sha256_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT startup_evidence_size_bytes_check CHECK (size_bytes > 0),
    CONSTRAINT startup_evidence_media_type_check CHECK (
        media_type ~ '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$'
    ),
    CONSTRAINT startup_evidence_note_check CHECK (length(note) <= 5000),
    CONSTRAINT startup_evidence_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX startup_evidence_company_id_file_sha256_key
    ON auxeira.startup_evidence (company_id, file_sha256);
CREATE INDEX startup_evidence_user_id_idx ON auxeira.startup_evidence (user_id);
CREATE INDEX startup_evidence_interview_id_idx ON auxeira.startup_evidence (interview_id);
CREATE INDEX startup_evidence_expires_at_idx
    ON auxeira.startup_evidence (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.startup_evidence IS
    'Evidence a founder records for a company (interview recordings, contracts, bank statements, '
    'screenshots ...): a reference to the file in object storage and its SHA-256, never the '
    'bytes. The hash lets anyone holding the file prove it is the one recorded, unchanged. Rows '
    'are never updated. Written by auxeira_dash.startup_record_evidence (POST '
    '/api/dashboard/startup/evidence).';
COMMENT ON COLUMN auxeira.startup_evidence.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.startup_evidence.company_id IS
    'The founder''s company (companies.id) the evidence supports. Required.';
COMMENT ON COLUMN auxeira.startup_evidence.user_id IS
    'The founder (users.id) who recorded it. Required.';
COMMENT ON COLUMN auxeira.startup_evidence.interview_id IS
    'The customer interview (customer_interviews.id, of the same company) this evidence belongs '
    'to. NULL = not tied to an interview.';
COMMENT ON COLUMN auxeira.startup_evidence.evidence_kind IS
    'What the evidence shows: customer_interview, traction, financial, product, legal, team, '
    'market_research, other.';
COMMENT ON COLUMN auxeira.startup_evidence.title IS 'Short description. Required, not blank.';
COMMENT ON COLUMN auxeira.startup_evidence.file_uri IS
    'Where the file is stored, as a URI with a scheme (s3://bucket/key, https://..., gs://...), '
    'no whitespace, at most 1,000 characters. The database never holds the file itself.';
COMMENT ON COLUMN auxeira.startup_evidence.file_sha256 IS
    'SHA-256 of the file''s bytes as 64 lower-case hexadecimal digits (upper case is accepted '
    'by the write function and stored lower-cased). Unique per company: the same file is '
    'recorded once.';
COMMENT ON COLUMN auxeira.startup_evidence.size_bytes IS 'File size in bytes, > 0.';
COMMENT ON COLUMN auxeira.startup_evidence.media_type IS
    'MIME type of the file (e.g. application/pdf, audio/mpeg), lower case. NULL = unknown.';
COMMENT ON COLUMN auxeira.startup_evidence.note IS
    'Free-text note, at most 5,000 characters. NULL = none.';
COMMENT ON COLUMN auxeira.startup_evidence.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.startup_evidence.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.startup_evidence.created_at IS 'When the evidence was recorded.';
COMMENT ON INDEX auxeira.startup_evidence_company_id_file_sha256_key IS
    'One record per file (hash) per company: recording the same file again returns the existing '
    'record. Also serves the company_id foreign key.';
COMMENT ON INDEX auxeira.startup_evidence_user_id_idx IS 'Serves the user_id foreign key.';
COMMENT ON INDEX auxeira.startup_evidence_interview_id_idx IS
    'Serves the interview_id foreign key.';
COMMENT ON INDEX auxeira.startup_evidence_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

-- ===== from sql/schema/220_esg_education.sql =====

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
    'auxeira_dash.esg_education_log_program (POST /api/dashboard/esg-education/program).';
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

-- ===== from sql/schema/230_vc.sql =====

-- Tables of the venture-capital dashboard (issue 5): the deal pipeline of a VC
-- (GET /api/dashboard/vc/deals) and the purchases of premium LP reports
-- (POST /api/dashboard/vc/lp-report/purchase). Their triggers (updated_at, NOTIFY) are in
-- sql/views/vc.sql, because the trigger functions load after sql/schema; row-level security
-- and grants are in sql/security/230_vc.sql.

CREATE TABLE auxeira.deals (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investor_id uuid NOT NULL,
    fund_id uuid,
    company_id uuid,
    company_name varchar(255) NOT NULL,
    industry varchar(100),
    investment_round varchar(50),
    stage varchar(20) NOT NULL DEFAULT 'sourced',
    ask_amount numeric(15,2),
    pre_money_valuation numeric(15,2),
    sourced_on date NOT NULL DEFAULT CURRENT_DATE,
    expected_close_on date,
    decided_on date,
    owner_name varchar(255),
    source varchar(100),
    notes text,
    investment_id uuid,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deals_pkey PRIMARY KEY (id),
    CONSTRAINT deals_investor_id_fkey FOREIGN KEY (investor_id) REFERENCES auxeira.users (id),
    CONSTRAINT deals_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES auxeira.funds (id),
    CONSTRAINT deals_company_id_fkey FOREIGN KEY (company_id) REFERENCES auxeira.companies (id),
    CONSTRAINT deals_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id),
    CONSTRAINT deals_company_name_check CHECK (btrim(company_name) <> ''),
    CONSTRAINT deals_investment_round_check CHECK (
        investment_round IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT deals_stage_check CHECK (
        stage IN ('sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed')
    ),
    CONSTRAINT deals_ask_amount_check CHECK (ask_amount > 0),
    CONSTRAINT deals_pre_money_valuation_check CHECK (pre_money_valuation >= 0),
    CONSTRAINT deals_expected_close_on_check CHECK (expected_close_on >= sourced_on),
    CONSTRAINT deals_decided_on_check CHECK (
        decided_on IS NULL OR (decided_on >= sourced_on AND stage IN ('closed', 'passed'))
    ),
    CONSTRAINT deals_investment_id_check CHECK (investment_id IS NULL OR stage = 'closed'),
    CONSTRAINT deals_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX deals_investor_id_stage_idx ON auxeira.deals (investor_id, stage);
CREATE INDEX deals_fund_id_idx ON auxeira.deals (fund_id);
CREATE INDEX deals_company_id_idx ON auxeira.deals (company_id);
CREATE INDEX deals_investment_id_idx ON auxeira.deals (investment_id);
CREATE INDEX deals_expires_at_idx ON auxeira.deals (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.deals IS
    'Deal flow of a VC: one row per opportunity in the investor''s pipeline, from sourced '
    'through screening, diligence and term sheet to closed (invested) or passed. The '
    'specification lists GET /api/dashboard/vc/deals without a table; this is it. Private to '
    'the investor (row-level security on investor_id).';
COMMENT ON COLUMN auxeira.deals.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.deals.investor_id IS
    'The VC account (users.id) whose pipeline this deal is in. Required.';
COMMENT ON COLUMN auxeira.deals.fund_id IS
    'The fund (funds.id) considering the deal; must be one of the investor''s funds (checked by '
    'the row-level security policy). NULL = not assigned to a fund.';
COMMENT ON COLUMN auxeira.deals.company_id IS
    'The company (companies.id) when it is on the platform. NULL = not (yet) on the platform; '
    'company_name then identifies it.';
COMMENT ON COLUMN auxeira.deals.company_name IS
    'Name of the company as the investor knows it; required, not blank. Shown on the dashboard '
    'even when the investor cannot read the companies row (companies are visible to investors '
    'only once they hold an investment).';
COMMENT ON COLUMN auxeira.deals.industry IS
    'Industry or sector of the company, free text (e.g. Fintech). NULL = not recorded.';
COMMENT ON COLUMN auxeira.deals.investment_round IS
    'Round being raised: pre-seed, seed, series-a, series-b, series-c+. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.stage IS
    'Pipeline stage: sourced (default; first contact), screening (first look), diligence, '
    'term-sheet (terms offered or negotiated), closed (invested; investment_id may link the '
    'investment), passed (declined by the investor or lost).';
COMMENT ON COLUMN auxeira.deals.ask_amount IS
    'Amount the company is raising in the round, in currency units, > 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.pre_money_valuation IS
    'Pre-money valuation asked or offered, in currency units, >= 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.sourced_on IS
    'Date the deal entered the pipeline; defaults to the day of insertion.';
COMMENT ON COLUMN auxeira.deals.expected_close_on IS
    'Expected closing date of the round; never before sourced_on. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.decided_on IS
    'Date the deal was closed or passed; only for stage closed or passed, never before '
    'sourced_on. NULL = no decision yet (or not recorded).';
COMMENT ON COLUMN auxeira.deals.owner_name IS
    'The partner or associate at the firm responsible for the deal, free text. NULL = '
    'unassigned.';
COMMENT ON COLUMN auxeira.deals.source IS
    'Where the deal came from, free text (e.g. referral, inbound, event). NULL = not recorded.';
COMMENT ON COLUMN auxeira.deals.notes IS 'Free-text notes of the deal team. NULL = none.';
COMMENT ON COLUMN auxeira.deals.investment_id IS
    'The investment (investments.id) the deal turned into; only for stage closed. NULL = none.';
COMMENT ON COLUMN auxeira.deals.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real deal.';
COMMENT ON COLUMN auxeira.deals.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows '
    '(CHECK deals_expires_at_check).';
COMMENT ON COLUMN auxeira.deals.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.deals.updated_at IS
    'When the row was last updated (e.g. moved to another stage); set by trigger '
    'update_deals_updated_at.';

COMMENT ON INDEX auxeira.deals_investor_id_stage_idx IS
    'Serves the pipeline read (one investor''s deals, counted per stage) and the investor '
    'foreign key.';
COMMENT ON INDEX auxeira.deals_fund_id_idx IS 'Serves the fund_id foreign key.';
COMMENT ON INDEX auxeira.deals_company_id_idx IS 'Serves the company_id foreign key.';
COMMENT ON INDEX auxeira.deals_investment_id_idx IS 'Serves the investment_id foreign key.';
COMMENT ON INDEX auxeira.deals_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.lp_report_purchases (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    buyer_id uuid NOT NULL,
    fund_id uuid NOT NULL,
    payment_reference varchar(255) NOT NULL,
    payment_provider varchar(20) NOT NULL DEFAULT 'stripe',
    amount numeric(12,2) NOT NULL,
    currency varchar(3) NOT NULL DEFAULT 'USD',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lp_report_purchases_pkey PRIMARY KEY (id),
    CONSTRAINT lp_report_purchases_buyer_id_fkey FOREIGN KEY (buyer_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT lp_report_purchases_fund_id_fkey FOREIGN KEY (fund_id)
        REFERENCES auxeira.funds (id),
    CONSTRAINT lp_report_purchases_payment_reference_check CHECK (
        payment_reference ~ '^[A-Za-z0-9_.:-]{4,255}$'
    ),
    CONSTRAINT lp_report_purchases_payment_provider_check CHECK (
        payment_provider IN ('stripe', 'paystack', 'manual')
    ),
    CONSTRAINT lp_report_purchases_amount_check CHECK (amount > 0),
    CONSTRAINT lp_report_purchases_currency_check CHECK (
        currency IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR')
    ),
    CONSTRAINT lp_report_purchases_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX lp_report_purchases_payment_reference_key
    ON auxeira.lp_report_purchases (payment_reference);
CREATE INDEX lp_report_purchases_buyer_id_idx ON auxeira.lp_report_purchases (buyer_id);
CREATE INDEX lp_report_purchases_fund_id_idx ON auxeira.lp_report_purchases (fund_id);
CREATE INDEX lp_report_purchases_expires_at_idx
    ON auxeira.lp_report_purchases (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.lp_report_purchases IS
    'Purchases of the premium LP report of a fund (POST /api/dashboard/vc/lp-report/purchase): '
    'one row per payment, written by auxeira_dash.vc_purchase_lp_report(), which is idempotent '
    'on payment_reference (a retried request returns the same row). Never updated or deleted by '
    'the application: a refund is the payment provider''s business and a new record here.';
COMMENT ON COLUMN auxeira.lp_report_purchases.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.lp_report_purchases.buyer_id IS
    'The VC account (users.id) that bought the report; the fund''s manager.';
COMMENT ON COLUMN auxeira.lp_report_purchases.fund_id IS
    'The fund (funds.id) whose premium LP report was bought; one of the buyer''s funds.';
COMMENT ON COLUMN auxeira.lp_report_purchases.payment_reference IS
    'The payment provider''s reference of the payment (Stripe payment intent, Paystack '
    'reference): 4-255 letters, digits and _ . : -; unique across the platform, the '
    'idempotency key of the purchase.';
COMMENT ON COLUMN auxeira.lp_report_purchases.payment_provider IS
    'Who took the payment: stripe (default), paystack, or manual (invoice, bank transfer).';
COMMENT ON COLUMN auxeira.lp_report_purchases.amount IS
    'Amount paid, in currency units of currency, > 0.';
COMMENT ON COLUMN auxeira.lp_report_purchases.currency IS
    'ISO 4217 code of the payment: USD (default), EUR, GBP, NGN, KES, GHS or ZAR.';
COMMENT ON COLUMN auxeira.lp_report_purchases.is_synthetic IS
    'true = generated demo / test data; false = a real purchase.';
COMMENT ON COLUMN auxeira.lp_report_purchases.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.lp_report_purchases.created_at IS
    'When the purchase was recorded (the first request with its payment reference).';

COMMENT ON INDEX auxeira.lp_report_purchases_payment_reference_key IS
    'One purchase per payment reference: the idempotency key of vc_purchase_lp_report().';
COMMENT ON INDEX auxeira.lp_report_purchases_buyer_id_idx IS
    'Serves the buyer foreign key and the buyer''s purchases.';
COMMENT ON INDEX auxeira.lp_report_purchases_fund_id_idx IS
    'Serves the fund foreign key and "is this fund''s premium report bought" in the LP report.';
COMMENT ON INDEX auxeira.lp_report_purchases_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- Change notifications of the spec tables that name no user: investment_cash_flows and
-- valuation_marks belong to an investment, so their NOTIFY names the investment's investor.
-- (auxeira.notify_dashboard() reads the user from a column of the changed row, which these
-- tables lack.) The triggers that use it are created in sql/views/vc.sql and angel.sql.
CREATE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- Row-level security applies: a writer sees the investment it writes for (the policies
    -- of these tables require it); when the lookup finds nothing, user_id is null.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', investor,
            'entity', TG_TABLE_NAME,
            'id', row_id,
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): sends on channel auxeira_<dashboard> (trigger argument 1) the same '
    'small JSON payload as auxeira.notify_dashboard(), with user_id = the investor of the '
    'row''s investment (looked up in auxeira.investments). Never the row''s data.';

-- ===== from sql/schema/240_angel.sql =====

-- Tables of the angel-investor dashboard (issue 5): connections between users
-- (GET /api/dashboard/angel/network), syndicates and their members
-- (GET /api/dashboard/angel/syndicate). Their triggers (updated_at, NOTIFY, the connection
-- guard) are in sql/views/angel.sql, because the trigger functions load after sql/schema;
-- row-level security and grants are in sql/security/240_angel.sql.

CREATE TABLE auxeira.connections (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    requester_id uuid NOT NULL,
    addressee_id uuid NOT NULL,
    connection_type varchar(20) NOT NULL DEFAULT 'co-investor',
    status varchar(20) NOT NULL DEFAULT 'requested',
    message varchar(500),
    responded_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_pkey PRIMARY KEY (id),
    CONSTRAINT connections_requester_id_fkey FOREIGN KEY (requester_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT connections_addressee_id_fkey FOREIGN KEY (addressee_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT connections_addressee_id_check CHECK (addressee_id <> requester_id),
    CONSTRAINT connections_connection_type_check CHECK (
        connection_type IN ('co-investor', 'founder', 'mentor', 'advisor', 'service-provider')
    ),
    CONSTRAINT connections_status_check CHECK (status IN ('requested', 'accepted', 'declined')),
    CONSTRAINT connections_responded_at_check CHECK (
        (status = 'requested') = (responded_at IS NULL)
    ),
    CONSTRAINT connections_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX connections_pair_key ON auxeira.connections (
    least(requester_id, addressee_id), greatest(requester_id, addressee_id)
);
CREATE INDEX connections_requester_id_idx ON auxeira.connections (requester_id);
CREATE INDEX connections_addressee_id_idx ON auxeira.connections (addressee_id);
CREATE INDEX connections_expires_at_idx ON auxeira.connections (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.connections IS
    'The network of the angel dashboard: one row per pair of users, created as a request by '
    'one (requester) to the other (addressee), who accepts or declines it. Visible to both '
    'ends and to no one else; an accepted connection counts in both users'' networks. The '
    'specification lists GET /api/dashboard/angel/network without a table; this is it.';
COMMENT ON COLUMN auxeira.connections.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.connections.requester_id IS
    'The user (users.id) who asked to connect. Never changed after insert (trigger '
    'connections_guard).';
COMMENT ON COLUMN auxeira.connections.addressee_id IS
    'The user (users.id) asked; only they may accept or decline. Never the requester, never '
    'changed after insert.';
COMMENT ON COLUMN auxeira.connections.connection_type IS
    'What the relationship is, as the requester describes it: co-investor (default), founder, '
    'mentor, advisor, service-provider.';
COMMENT ON COLUMN auxeira.connections.status IS
    'requested (default; waiting for the addressee), accepted (in both networks), declined '
    '(refused; kept so the request is not repeated).';
COMMENT ON COLUMN auxeira.connections.message IS
    'Optional note sent with the request, at most 500 characters. NULL = none.';
COMMENT ON COLUMN auxeira.connections.responded_at IS
    'When the addressee accepted or declined; NULL exactly while the status is requested '
    '(CHECK connections_responded_at_check; stamped by trigger connections_guard when an '
    'UPDATE changes the status).';
COMMENT ON COLUMN auxeira.connections.is_synthetic IS
    'true = generated demo / test data; false = a real connection.';
COMMENT ON COLUMN auxeira.connections.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.connections.created_at IS 'When the request was made.';
COMMENT ON COLUMN auxeira.connections.updated_at IS
    'When the row was last updated; set by trigger update_connections_updated_at.';

COMMENT ON INDEX auxeira.connections_pair_key IS
    'At most one connection per pair of users, whichever direction it was requested in.';
COMMENT ON INDEX auxeira.connections_requester_id_idx IS
    'Serves the requester foreign key and "my sent requests".';
COMMENT ON INDEX auxeira.connections_addressee_id_idx IS
    'Serves the addressee foreign key and "requests I received".';
COMMENT ON INDEX auxeira.connections_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.syndicates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    lead_id uuid NOT NULL,
    company_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    description text,
    investment_round varchar(50),
    target_amount numeric(15,2) NOT NULL,
    min_ticket numeric(15,2) NOT NULL,
    carry_percentage numeric(5,2) NOT NULL DEFAULT 20.00,
    deadline date NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'open',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT syndicates_pkey PRIMARY KEY (id),
    CONSTRAINT syndicates_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES auxeira.users (id),
    CONSTRAINT syndicates_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT syndicates_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT syndicates_investment_round_check CHECK (
        investment_round IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT syndicates_target_amount_check CHECK (target_amount > 0),
    CONSTRAINT syndicates_min_ticket_check CHECK (min_ticket > 0 AND min_ticket <= target_amount),
    CONSTRAINT syndicates_carry_percentage_check CHECK (carry_percentage BETWEEN 0 AND 100),
    CONSTRAINT syndicates_status_check CHECK (status IN ('open', 'closed', 'cancelled')),
    CONSTRAINT syndicates_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX syndicates_lead_id_idx ON auxeira.syndicates (lead_id);
CREATE INDEX syndicates_company_id_idx ON auxeira.syndicates (company_id);
CREATE INDEX syndicates_status_deadline_idx ON auxeira.syndicates (status, deadline);
CREATE INDEX syndicates_expires_at_idx ON auxeira.syndicates (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.syndicates IS
    'Angel syndicates: a lead angel pools other angels'' money into one investment in a '
    'company, on published terms (target, minimum ticket, carry, deadline). An open syndicate '
    'is visible to every angel; its members'' commitments are visible to the lead and to each '
    'member for their own commitment only.';
COMMENT ON COLUMN auxeira.syndicates.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.syndicates.lead_id IS
    'The lead angel (users.id) who runs the syndicate, sets its terms and sees every '
    'commitment.';
COMMENT ON COLUMN auxeira.syndicates.company_id IS
    'The company (companies.id) the syndicate invests in. Its details are shown to a reader '
    'only as far as the companies policies allow; the name and description are what the lead '
    'publishes.';
COMMENT ON COLUMN auxeira.syndicates.name IS
    'Title of the opportunity as published by the lead (e.g. "Acme seed extension"); required.';
COMMENT ON COLUMN auxeira.syndicates.description IS
    'The lead''s pitch of the deal, free text. NULL = none.';
COMMENT ON COLUMN auxeira.syndicates.investment_round IS
    'Round the syndicate invests in: pre-seed, seed, series-a, series-b, series-c+. NULL = '
    'unknown.';
COMMENT ON COLUMN auxeira.syndicates.target_amount IS
    'Amount the lead wants to raise from members, in currency units, > 0.';
COMMENT ON COLUMN auxeira.syndicates.min_ticket IS
    'Smallest commitment a member may make, in currency units, > 0 and <= target_amount.';
COMMENT ON COLUMN auxeira.syndicates.carry_percentage IS
    'Carried interest the lead takes on members'' profits, as a percentage 0-100 (20.00 = '
    '20 %, the default).';
COMMENT ON COLUMN auxeira.syndicates.deadline IS
    'Last day on which members may commit.';
COMMENT ON COLUMN auxeira.syndicates.status IS
    'open (default; accepting commitments), closed (done: the money went in), cancelled.';
COMMENT ON COLUMN auxeira.syndicates.is_synthetic IS
    'true = generated demo / test data; false = a real syndicate.';
COMMENT ON COLUMN auxeira.syndicates.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.syndicates.created_at IS 'When the syndicate was created.';
COMMENT ON COLUMN auxeira.syndicates.updated_at IS
    'When the row was last updated; set by trigger update_syndicates_updated_at.';

COMMENT ON INDEX auxeira.syndicates_lead_id_idx IS
    'Serves the lead foreign key and "syndicates I lead".';
COMMENT ON INDEX auxeira.syndicates_company_id_idx IS 'Serves the company foreign key.';
COMMENT ON INDEX auxeira.syndicates_status_deadline_idx IS
    'Serves the listing of open syndicates by deadline.';
COMMENT ON INDEX auxeira.syndicates_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.syndicate_members (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    syndicate_id uuid NOT NULL,
    member_id uuid NOT NULL,
    commitment_amount numeric(15,2) NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'committed',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT syndicate_members_pkey PRIMARY KEY (id),
    CONSTRAINT syndicate_members_syndicate_id_fkey FOREIGN KEY (syndicate_id)
        REFERENCES auxeira.syndicates (id),
    CONSTRAINT syndicate_members_member_id_fkey FOREIGN KEY (member_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT syndicate_members_commitment_amount_check CHECK (commitment_amount > 0),
    CONSTRAINT syndicate_members_status_check CHECK (
        status IN ('committed', 'withdrawn', 'funded')
    ),
    CONSTRAINT syndicate_members_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX syndicate_members_syndicate_id_member_id_key
    ON auxeira.syndicate_members (syndicate_id, member_id);
CREATE INDEX syndicate_members_member_id_idx ON auxeira.syndicate_members (member_id);
CREATE INDEX syndicate_members_expires_at_idx
    ON auxeira.syndicate_members (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.syndicate_members IS
    'Membership of an angel in a syndicate: one row per member per syndicate, with the amount '
    'committed. A member sees their own row; the syndicate''s lead sees every row of it; other '
    'angels see none (only the syndicate''s published terms).';
COMMENT ON COLUMN auxeira.syndicate_members.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.syndicate_members.syndicate_id IS
    'The syndicate (syndicates.id) joined.';
COMMENT ON COLUMN auxeira.syndicate_members.member_id IS
    'The angel (users.id) who committed.';
COMMENT ON COLUMN auxeira.syndicate_members.commitment_amount IS
    'Amount committed, in currency units, > 0 (at least the syndicate''s min_ticket when '
    'written through auxeira_dash.angel_join_syndicate()).';
COMMENT ON COLUMN auxeira.syndicate_members.status IS
    'committed (default; promised), withdrawn (the member backed out before the close), '
    'funded (the money was transferred).';
COMMENT ON COLUMN auxeira.syndicate_members.is_synthetic IS
    'true = generated demo / test data; false = a real membership.';
COMMENT ON COLUMN auxeira.syndicate_members.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.syndicate_members.created_at IS 'When the member first committed.';
COMMENT ON COLUMN auxeira.syndicate_members.updated_at IS
    'When the commitment last changed; set by trigger update_syndicate_members_updated_at.';

COMMENT ON INDEX auxeira.syndicate_members_syndicate_id_member_id_key IS
    'One membership per angel per syndicate; serves the syndicate foreign key and the lead''s '
    'list of members.';
COMMENT ON INDEX auxeira.syndicate_members_member_id_idx IS
    'Serves the member foreign key and "my memberships".';
COMMENT ON INDEX auxeira.syndicate_members_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- The ends of a connection never change, and responded_at follows the status: without this
-- an addressee could rewrite the requester and appear in a stranger's network.
CREATE FUNCTION auxeira.connections_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.requester_id IS DISTINCT FROM OLD.requester_id
       OR NEW.addressee_id IS DISTINCT FROM OLD.addressee_id THEN
        RAISE EXCEPTION 'the users of a connection cannot be changed'
            USING ERRCODE = 'check_violation', TABLE = 'connections';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.status = 'requested' THEN
            RAISE EXCEPTION 'a connection cannot go back to requested (it is %)', OLD.status
                USING ERRCODE = 'check_violation', TABLE = 'connections';
        END IF;
        NEW.responded_at := now();
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.connections_guard() IS
    'BEFORE UPDATE trigger function of auxeira.connections: refuses a change of requester_id '
    'or addressee_id and a return to status requested; stamps responded_at with now() when '
    'the status changes.';

CREATE TRIGGER connections_guard
    BEFORE UPDATE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.connections_guard();

COMMENT ON TRIGGER connections_guard ON auxeira.connections IS
    'Keeps the two users of a connection fixed and responded_at in step with status.';

-- Helpers of the syndicate policies. SECURITY DEFINER so that the policies of syndicates and
-- syndicate_members can ask about each other without recursing (as auxeira.owns_company()
-- does for companies); each reveals one boolean about the caller's own rows.
CREATE FUNCTION auxeira.leads_syndicate(syndicate_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.syndicates AS s
        WHERE s.id = leads_syndicate.syndicate_id
          AND s.lead_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.leads_syndicate(uuid) IS
    'True when the current user leads the syndicate. SECURITY DEFINER for the policies of '
    'syndicate_members (the lead reads every membership of their syndicates).';

CREATE FUNCTION auxeira.is_syndicate_member(syndicate_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.syndicate_members AS m
        WHERE m.syndicate_id = is_syndicate_member.syndicate_id
          AND m.member_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.is_syndicate_member(uuid) IS
    'True when the current user has a membership (any status) in the syndicate. SECURITY '
    'DEFINER for the policies of syndicates (a member keeps reading a syndicate after it '
    'closes).';

-- ===== from sql/schema/250_government.sql =====

-- Government agency dashboard: the tables the specification lacks.
--
--   auxeira.government_policies          policies a government user runs (grant, tax credit,
--                                        regulation, programme) with budget and targets
--   auxeira.government_policy_impacts    measured impact of a policy, per metric and period
--   auxeira.regulatory_requirements      compliance requirements (reference data)
--   auxeira.company_compliance           a company's status against a requirement; private to
--                                        the company unless it opts in to share it
--
-- Triggers (updated_at, NOTIFY), row-level security and grants: sql/security/250_government.sql.
-- Reads and writes: sql/views/government.sql.

CREATE TABLE auxeira.government_policies (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    jurisdiction varchar(255) NOT NULL,
    instrument_type varchar(20) NOT NULL,
    description text,
    start_date date NOT NULL,
    end_date date,
    budget numeric(15,2),
    target_metrics jsonb NOT NULL DEFAULT '{}',
    target_industry varchar(100),
    target_stage varchar(50),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT government_policies_pkey PRIMARY KEY (id),
    CONSTRAINT government_policies_owner_id_fkey FOREIGN KEY (owner_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT government_policies_id_owner_id_key UNIQUE (id, owner_id),
    CONSTRAINT government_policies_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT government_policies_jurisdiction_check CHECK (btrim(jurisdiction) <> ''),
    CONSTRAINT government_policies_instrument_type_check CHECK (
        instrument_type IN ('grant', 'tax-credit', 'regulation', 'programme')
    ),
    CONSTRAINT government_policies_end_date_check CHECK (end_date >= start_date),
    CONSTRAINT government_policies_budget_check CHECK (budget >= 0),
    CONSTRAINT government_policies_target_metrics_check CHECK (
        jsonb_typeof(target_metrics) = 'object'
        AND NOT jsonb_path_exists(target_metrics, '$.* ? (@.type() != "number")')
    ),
    CONSTRAINT government_policies_target_stage_check CHECK (
        target_stage IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT government_policies_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX government_policies_owner_id_name_jurisdiction_key
    ON auxeira.government_policies (owner_id, lower(name), lower(jurisdiction));
CREATE INDEX government_policies_expires_at_idx
    ON auxeira.government_policies (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.government_policies IS
    'Public policies a government user runs and tracks on the government dashboard: one row per '
    'policy (a grant scheme, a tax credit, a regulation or a support programme) with its '
    'jurisdiction, dates, budget and the targets it is measured against. Private to the '
    'government user who logged it. Measurements: government_policy_impacts.';
COMMENT ON COLUMN auxeira.government_policies.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.government_policies.owner_id IS
    'The government account (users.id, user_type government) that runs and sees the policy.';
COMMENT ON COLUMN auxeira.government_policies.name IS
    'Policy name, not blank; unique per owner and jurisdiction, case-insensitively.';
COMMENT ON COLUMN auxeira.government_policies.jurisdiction IS
    'Where the policy applies (country, region or city, free text, e.g. "Nigeria" or '
    '"Lagos State"); not blank.';
COMMENT ON COLUMN auxeira.government_policies.instrument_type IS
    'Kind of instrument: grant (direct funding), tax-credit (tax relief or credit), regulation '
    '(a rule or regulatory change, e.g. a sandbox), programme (support programme, accelerator, '
    'training).';
COMMENT ON COLUMN auxeira.government_policies.description IS
    'What the policy does, free text. NULL = none given.';
COMMENT ON COLUMN auxeira.government_policies.start_date IS 'Date the policy took effect.';
COMMENT ON COLUMN auxeira.government_policies.end_date IS
    'Date the policy ends or ended, never before start_date. NULL = open-ended.';
COMMENT ON COLUMN auxeira.government_policies.budget IS
    'Total budget committed to the policy, in currency units, >= 0. NULL = none or not given '
    '(e.g. a regulation).';
COMMENT ON COLUMN auxeira.government_policies.target_metrics IS
    'Targets as a JSON object of numbers keyed by metric name, using the metric names of '
    'government_policy_impacts.metric (e.g. {"jobs_created": 500, "tax_revenue_generated": '
    '2000000}); {} = no targets. Values must be JSON numbers.';
COMMENT ON COLUMN auxeira.government_policies.target_industry IS
    'Industry the policy targets (free text, as companies.industry). NULL = all industries.';
COMMENT ON COLUMN auxeira.government_policies.target_stage IS
    'Funding stage the policy targets: pre-seed, seed, series-a, series-b, series-c+. '
    'NULL = all stages.';
COMMENT ON COLUMN auxeira.government_policies.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.government_policies.expires_at IS
    'When synthetic data may be removed; NULL for real rows (CHECK '
    'government_policies_expires_at_check).';
COMMENT ON COLUMN auxeira.government_policies.created_at IS 'When the policy was logged.';
COMMENT ON COLUMN auxeira.government_policies.updated_at IS
    'When the row was last changed; set by trigger update_government_policies_updated_at.';
COMMENT ON CONSTRAINT government_policies_id_owner_id_key ON auxeira.government_policies IS
    'Target of the composite foreign key of government_policy_impacts: a measurement''s '
    'owner_id is always its policy''s owner.';
COMMENT ON INDEX auxeira.government_policies_id_owner_id_key IS
    'Index of the (id, owner_id) unique constraint referenced by government_policy_impacts.';
COMMENT ON INDEX auxeira.government_policies_owner_id_name_jurisdiction_key IS
    'One policy per owner, name and jurisdiction (case-insensitive): logging the same policy '
    'again updates it. Also indexes the owner_id foreign key and the owner''s policy list.';
COMMENT ON INDEX auxeira.government_policies_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.government_policies_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.government_policy_impacts (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    policy_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    metric varchar(50) NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    baseline numeric,
    measured numeric NOT NULL,
    attributed_companies integer,
    methodology text,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT government_policy_impacts_pkey PRIMARY KEY (id),
    CONSTRAINT government_policy_impacts_policy_id_fkey FOREIGN KEY (policy_id, owner_id)
        REFERENCES auxeira.government_policies (id, owner_id),
    CONSTRAINT government_policy_impacts_metric_check CHECK (
        metric IN (
            'jobs_created', 'jobs_supported', 'tax_revenue_generated', 'gdp_contribution',
            'export_revenue', 'r_and_d_spending', 'patents_filed', 'local_supplier_spend',
            'community_investment', 'companies_supported', 'private_investment_leveraged'
        )
    ),
    CONSTRAINT government_policy_impacts_policy_id_metric_period_key
        UNIQUE (policy_id, metric, period_start, period_end),
    CONSTRAINT government_policy_impacts_period_end_check CHECK (period_end >= period_start),
    CONSTRAINT government_policy_impacts_attributed_companies_check CHECK (
        attributed_companies >= 0
    ),
    CONSTRAINT government_policy_impacts_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX government_policy_impacts_policy_id_owner_id_idx
    ON auxeira.government_policy_impacts (policy_id, owner_id);
CREATE INDEX government_policy_impacts_owner_id_idx
    ON auxeira.government_policy_impacts (owner_id);
CREATE INDEX government_policy_impacts_expires_at_idx
    ON auxeira.government_policy_impacts (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.government_policy_impacts IS
    'Measured impact of a government policy: one row per policy, metric and measurement period, '
    'with the baseline (the value expected without the policy, or before it), the measured '
    'value and how many companies the effect is attributed to. Logging the same policy, metric '
    'and period again replaces the measurement. Private to the policy''s owner.';
COMMENT ON COLUMN auxeira.government_policy_impacts.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.government_policy_impacts.policy_id IS
    'The policy measured (government_policies.id).';
COMMENT ON COLUMN auxeira.government_policy_impacts.owner_id IS
    'The policy''s owner (users.id), copied from the policy and held equal to it by the '
    'composite foreign key (policy_id, owner_id): the tenant key of row-level security and of '
    'change notifications.';
COMMENT ON COLUMN auxeira.government_policy_impacts.metric IS
    'What was measured: the economic_impact measures (jobs_created, jobs_supported, '
    'tax_revenue_generated, gdp_contribution, export_revenue, r_and_d_spending, patents_filed, '
    'local_supplier_spend, community_investment), companies_supported (companies reached) or '
    'private_investment_leveraged (private money raised alongside public money).';
COMMENT ON COLUMN auxeira.government_policy_impacts.period_start IS
    'First day of the measurement period.';
COMMENT ON COLUMN auxeira.government_policy_impacts.period_end IS
    'Last day of the measurement period, never before period_start.';
COMMENT ON COLUMN auxeira.government_policy_impacts.baseline IS
    'The counterfactual or pre-policy value of the metric for the same period, in the metric''s '
    'unit (jobs, currency units, count). NULL = no baseline: the change is then unknown.';
COMMENT ON COLUMN auxeira.government_policy_impacts.measured IS
    'The measured value of the metric over the period, in the metric''s unit. Required.';
COMMENT ON COLUMN auxeira.government_policy_impacts.attributed_companies IS
    'Number of companies the measured effect is attributed to, >= 0. NULL = not known.';
COMMENT ON COLUMN auxeira.government_policy_impacts.methodology IS
    'How the figure was measured or attributed (survey, tax records, difference-in-differences '
    '...), free text. NULL = not given.';
COMMENT ON COLUMN auxeira.government_policy_impacts.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.government_policy_impacts.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.government_policy_impacts.created_at IS
    'When the measurement was first logged.';
COMMENT ON COLUMN auxeira.government_policy_impacts.updated_at IS
    'When the measurement was last replaced; set by trigger '
    'update_government_policy_impacts_updated_at.';
COMMENT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key
    ON auxeira.government_policy_impacts IS
    'One measurement per policy, metric and period: the upsert key of '
    'auxeira_dash.government_log_policy_impact().';
COMMENT ON INDEX auxeira.government_policy_impacts_policy_id_metric_period_key IS
    'Index of the one-measurement-per-policy-metric-period constraint; serves a policy''s '
    'measurements.';
COMMENT ON INDEX auxeira.government_policy_impacts_policy_id_owner_id_idx IS
    'Indexes the composite foreign key (policy_id, owner_id).';
COMMENT ON INDEX auxeira.government_policy_impacts_owner_id_idx IS
    'Serves the row-level security filter owner_id = current user.';
COMMENT ON INDEX auxeira.government_policy_impacts_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.government_policy_impacts_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.regulatory_requirements (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid,
    code varchar(50) NOT NULL,
    name varchar(255) NOT NULL,
    jurisdiction varchar(255) NOT NULL,
    category varchar(30) NOT NULL,
    description text,
    applies_to_industry varchar(100),
    effective_date date NOT NULL,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT regulatory_requirements_pkey PRIMARY KEY (id),
    CONSTRAINT regulatory_requirements_owner_id_fkey FOREIGN KEY (owner_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT regulatory_requirements_code_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    CONSTRAINT regulatory_requirements_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT regulatory_requirements_jurisdiction_check CHECK (btrim(jurisdiction) <> ''),
    CONSTRAINT regulatory_requirements_category_check CHECK (
        category IN (
            'data-protection', 'financial', 'labour', 'tax', 'environmental', 'licensing',
            'consumer', 'other'
        )
    ),
    CONSTRAINT regulatory_requirements_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX regulatory_requirements_jurisdiction_code_key
    ON auxeira.regulatory_requirements (lower(jurisdiction), code);
CREATE INDEX regulatory_requirements_owner_id_idx
    ON auxeira.regulatory_requirements (owner_id);
CREATE INDEX regulatory_requirements_expires_at_idx
    ON auxeira.regulatory_requirements (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.regulatory_requirements IS
    'Regulatory requirements startups are assessed against (data protection, licensing, tax, '
    'labour ...): public reference data, readable by every signed-in user. A requirement is '
    'published by a government user (owner_id), who then sees the per-company status of the '
    'companies that opted in to share it, or by the platform (owner_id NULL).';
COMMENT ON COLUMN auxeira.regulatory_requirements.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.regulatory_requirements.owner_id IS
    'The government account (users.id) that published and maintains the requirement: the '
    'regulator with whom companies may share their status. NULL = curated by the platform; '
    'shared statuses are then visible to every government user.';
COMMENT ON COLUMN auxeira.regulatory_requirements.code IS
    'Short reference of the requirement, e.g. NDPR-2019-DPO; letters, digits, dot, dash, '
    'underscore. Unique per jurisdiction.';
COMMENT ON COLUMN auxeira.regulatory_requirements.name IS 'Name of the requirement; not blank.';
COMMENT ON COLUMN auxeira.regulatory_requirements.jurisdiction IS
    'Where the requirement applies (country, region or city, free text); not blank.';
COMMENT ON COLUMN auxeira.regulatory_requirements.category IS
    'Area of regulation: data-protection, financial (financial services, AML/KYC), labour, tax, '
    'environmental, licensing (permits and registrations), consumer (consumer protection), '
    'other.';
COMMENT ON COLUMN auxeira.regulatory_requirements.description IS
    'What a company must do to comply, free text. NULL = none given.';
COMMENT ON COLUMN auxeira.regulatory_requirements.applies_to_industry IS
    'Industry the requirement applies to (as companies.industry). NULL = every industry.';
COMMENT ON COLUMN auxeira.regulatory_requirements.effective_date IS
    'Date from which compliance is required.';
COMMENT ON COLUMN auxeira.regulatory_requirements.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.regulatory_requirements.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.regulatory_requirements.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.regulatory_requirements.updated_at IS
    'When the row was last changed; set by trigger update_regulatory_requirements_updated_at.';
COMMENT ON INDEX auxeira.regulatory_requirements_jurisdiction_code_key IS
    'One requirement per code and jurisdiction (jurisdiction compared case-insensitively).';
COMMENT ON INDEX auxeira.regulatory_requirements_owner_id_idx IS
    'Indexes the owner_id foreign key; serves a regulator''s own requirements.';
COMMENT ON INDEX auxeira.regulatory_requirements_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.regulatory_requirements_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.company_compliance (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    requirement_id uuid NOT NULL,
    status varchar(20) NOT NULL,
    assessed_on date NOT NULL DEFAULT CURRENT_DATE,
    evidence_reference varchar(500),
    notes text,
    shared_with_regulator boolean NOT NULL DEFAULT false,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT company_compliance_pkey PRIMARY KEY (id),
    CONSTRAINT company_compliance_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT company_compliance_requirement_id_fkey FOREIGN KEY (requirement_id)
        REFERENCES auxeira.regulatory_requirements (id),
    CONSTRAINT company_compliance_status_check CHECK (
        status IN ('compliant', 'partial', 'non-compliant', 'pending', 'not-applicable')
    ),
    CONSTRAINT company_compliance_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX company_compliance_company_id_requirement_id_key
    ON auxeira.company_compliance (company_id, requirement_id);
CREATE INDEX company_compliance_requirement_id_idx
    ON auxeira.company_compliance (requirement_id);
CREATE INDEX company_compliance_expires_at_idx
    ON auxeira.company_compliance (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.company_compliance IS
    'Current compliance status of a company against a regulatory requirement: one row per '
    'company and requirement, written by the company''s founder. Private to the company: '
    'government users see only suppressed aggregates (auxeira_mv.government_compliance_summary) '
    'unless the company sets shared_with_regulator, which shows the row to the requirement''s '
    'publisher.';
COMMENT ON COLUMN auxeira.company_compliance.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.company_compliance.company_id IS
    'The company assessed (companies.id).';
COMMENT ON COLUMN auxeira.company_compliance.requirement_id IS
    'The requirement (regulatory_requirements.id) assessed against.';
COMMENT ON COLUMN auxeira.company_compliance.status IS
    'compliant (meets the requirement), partial (some obligations met, remediation under way), '
    'non-compliant, pending (assessment not finished), not-applicable (the requirement does '
    'not apply to this company).';
COMMENT ON COLUMN auxeira.company_compliance.assessed_on IS
    'Date of the assessment the status comes from.';
COMMENT ON COLUMN auxeira.company_compliance.evidence_reference IS
    'Reference to the supporting evidence (document id, URL or certificate number); never the '
    'document itself. NULL = none.';
COMMENT ON COLUMN auxeira.company_compliance.notes IS
    'Company-internal notes. Never shown to government users, even when shared.';
COMMENT ON COLUMN auxeira.company_compliance.shared_with_regulator IS
    'Opt-in: true = the company shares this row (status, date, evidence reference; not the '
    'notes) with the government user who published the requirement (with every government user '
    'for platform-curated requirements). false (default) = the company counts in aggregates '
    'only.';
COMMENT ON COLUMN auxeira.company_compliance.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.company_compliance.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.company_compliance.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.company_compliance.updated_at IS
    'When the row was last changed; set by trigger update_company_compliance_updated_at.';
COMMENT ON INDEX auxeira.company_compliance_company_id_requirement_id_key IS
    'One status per company and requirement; also indexes the company_id foreign key.';
COMMENT ON INDEX auxeira.company_compliance_requirement_id_idx IS
    'Indexes the requirement_id foreign key; serves per-requirement aggregates.';
COMMENT ON INDEX auxeira.company_compliance_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.company_compliance_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

-- ===== from sql/schema/260_corporate.sql =====

-- Corporate partner dashboard: blind (sealed-bid) auctions of partnership opportunities.
--
--   auxeira.partnership_auctions   an opportunity (pilot, proof of concept, commercial or
--                                  strategic deal) a startup founder or the platform auctions,
--                                  with its bidding window, reveal window and reserve
--   auxeira.auction_bids           one sealed bid per corporate bidder per auction
--
-- A bid is a commitment: while the auction is open the bidder stores only
--   commitment = sha256(convert_to('auxeira-bid-v1|<auction id>|<bidder id>|<amount>|<nonce>',
--                                  'UTF8'))
-- (ids as canonical lower-case UUID text, amount with exactly two decimals, nonce 32-128
-- lower-case hex digits), computed by the bidder (auxeira_db.dashboards.corporate.
-- bid_commitment) or auxeira.auction_bid_commitment(). After the auction closes the bidder
-- reveals amount and nonce; the trigger auction_bids_guard recomputes the commitment and
-- refuses a mismatch. Until then the amount exists nowhere in the database.
--
-- The guard functions and their triggers are here, with the tables they protect; updated_at
-- and NOTIFY triggers, row-level security and grants: sql/security/260_corporate.sql.

CREATE TABLE auxeira.partnership_auctions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid,
    opened_by uuid,
    title varchar(255) NOT NULL,
    description text,
    opportunity_type varchar(20) NOT NULL,
    opens_at timestamptz NOT NULL,
    closes_at timestamptz NOT NULL,
    reveal_closes_at timestamptz NOT NULL,
    reserve_amount numeric(15,2) NOT NULL DEFAULT 0,
    cancelled_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT partnership_auctions_pkey PRIMARY KEY (id),
    CONSTRAINT partnership_auctions_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT partnership_auctions_opened_by_fkey FOREIGN KEY (opened_by)
        REFERENCES auxeira.users (id),
    CONSTRAINT partnership_auctions_opened_by_check CHECK (
        opened_by IS NULL OR company_id IS NOT NULL
    ),
    CONSTRAINT partnership_auctions_title_check CHECK (btrim(title) <> ''),
    CONSTRAINT partnership_auctions_opportunity_type_check CHECK (
        opportunity_type IN ('pilot', 'poc', 'commercial', 'strategic')
    ),
    CONSTRAINT partnership_auctions_closes_at_check CHECK (closes_at > opens_at),
    CONSTRAINT partnership_auctions_reveal_closes_at_check CHECK (reveal_closes_at > closes_at),
    CONSTRAINT partnership_auctions_reserve_amount_check CHECK (reserve_amount >= 0),
    CONSTRAINT partnership_auctions_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX partnership_auctions_company_id_idx ON auxeira.partnership_auctions (company_id);
CREATE INDEX partnership_auctions_opened_by_idx ON auxeira.partnership_auctions (opened_by);
CREATE INDEX partnership_auctions_closes_at_idx ON auxeira.partnership_auctions (closes_at);
CREATE INDEX partnership_auctions_expires_at_idx
    ON auxeira.partnership_auctions (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.partnership_auctions IS
    'Blind auctions of partnership opportunities: a startup founder (or the platform) offers a '
    'pilot, proof of concept, commercial or strategic deal; corporate users submit sealed bids '
    '(auction_bids) between opens_at and closes_at, reveal them between closes_at and '
    'reveal_closes_at, and the highest revealed bid at or above the reserve wins. Visible to '
    'corporate users and to the founder who opened it. Once open, its schedule and reserve are '
    'fixed (trigger partnership_auctions_guard).';
COMMENT ON COLUMN auxeira.partnership_auctions.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.partnership_auctions.company_id IS
    'The startup (companies.id) offering the opportunity. NULL only for a platform-run auction '
    'not tied to one startup.';
COMMENT ON COLUMN auxeira.partnership_auctions.opened_by IS
    'The founder account (users.id) that opened the auction; it must own company_id. NULL = '
    'opened by the platform (written by auxeira_owner).';
COMMENT ON COLUMN auxeira.partnership_auctions.title IS 'Short title of the opportunity.';
COMMENT ON COLUMN auxeira.partnership_auctions.description IS
    'What is offered and expected, free text. NULL = none.';
COMMENT ON COLUMN auxeira.partnership_auctions.opportunity_type IS
    'Kind of partnership on offer, as corporate_partnerships.partnership_type: pilot, poc '
    '(proof of concept), commercial, strategic.';
COMMENT ON COLUMN auxeira.partnership_auctions.opens_at IS
    'From when sealed bids are accepted.';
COMMENT ON COLUMN auxeira.partnership_auctions.closes_at IS
    'When bidding ends (exclusive); after it, bids may only be revealed. Later than opens_at.';
COMMENT ON COLUMN auxeira.partnership_auctions.reveal_closes_at IS
    'End of the reveal window (later than closes_at): bids not revealed by then do not count. '
    'The result is final at this time, or earlier once every bid is revealed.';
COMMENT ON COLUMN auxeira.partnership_auctions.reserve_amount IS
    'Published minimum: a revealed bid below it cannot win. In currency units, >= 0; 0 = none.';
COMMENT ON COLUMN auxeira.partnership_auctions.cancelled_at IS
    'When the opener withdrew the auction (only before it closes; final). NULL = not '
    'cancelled. A cancelled auction accepts no bids and has no winner.';
COMMENT ON COLUMN auxeira.partnership_auctions.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.partnership_auctions.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.partnership_auctions.created_at IS 'When the auction was created.';
COMMENT ON COLUMN auxeira.partnership_auctions.updated_at IS
    'When the row was last changed; set by trigger update_partnership_auctions_updated_at.';
COMMENT ON INDEX auxeira.partnership_auctions_company_id_idx IS
    'Indexes the company_id foreign key.';
COMMENT ON INDEX auxeira.partnership_auctions_opened_by_idx IS
    'Indexes the opened_by foreign key; serves the opener''s row-level security filter.';
COMMENT ON INDEX auxeira.partnership_auctions_closes_at_idx IS
    'Serves listings of open and recently closed auctions.';
COMMENT ON INDEX auxeira.partnership_auctions_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.partnership_auctions_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.auction_bids (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    auction_id uuid NOT NULL,
    bidder_id uuid NOT NULL,
    commitment bytea NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    amount numeric(15,2),
    nonce text,
    revealed_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT auction_bids_pkey PRIMARY KEY (id),
    CONSTRAINT auction_bids_auction_id_fkey FOREIGN KEY (auction_id)
        REFERENCES auxeira.partnership_auctions (id),
    CONSTRAINT auction_bids_bidder_id_fkey FOREIGN KEY (bidder_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT auction_bids_auction_id_bidder_id_key UNIQUE (auction_id, bidder_id),
    CONSTRAINT auction_bids_commitment_check CHECK (octet_length(commitment) = 32),
    CONSTRAINT auction_bids_amount_check CHECK (amount > 0),
    CONSTRAINT auction_bids_nonce_check CHECK (nonce ~ '^[0-9a-f]{32,128}$'),
    CONSTRAINT auction_bids_revealed_check CHECK (
        (amount IS NULL) = (nonce IS NULL) AND (amount IS NULL) = (revealed_at IS NULL)
    ),
    CONSTRAINT auction_bids_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX auction_bids_bidder_id_idx ON auxeira.auction_bids (bidder_id);
CREATE INDEX auction_bids_expires_at_idx ON auxeira.auction_bids (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.auction_bids IS
    'Sealed bids on partnership_auctions, one per bidder per auction. While the auction is open '
    'only the commitment (SHA-256 of auction, bidder, amount and a secret nonce) is stored; '
    'amount and nonce stay NULL until the bidder reveals them after closes_at, when the trigger '
    'auction_bids_guard verifies them against the commitment. No one, the platform included, '
    'can read an amount before its reveal. Visible to the bidder and to the auction''s opener.';
COMMENT ON COLUMN auxeira.auction_bids.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.auction_bids.auction_id IS
    'The auction bid on (partnership_auctions.id).';
COMMENT ON COLUMN auxeira.auction_bids.bidder_id IS
    'The corporate account (users.id, user_type corporate) that bids.';
COMMENT ON COLUMN auxeira.auction_bids.commitment IS
    'SHA-256 (32 bytes) of the UTF-8 text auxeira-bid-v1|<auction_id>|<bidder_id>|<amount with '
    'two decimals>|<nonce>: see auxeira.auction_bid_commitment(). Replaced by a new commit while '
    'the auction is open; fixed after.';
COMMENT ON COLUMN auxeira.auction_bids.committed_at IS
    'When the current commitment was stored (set by the guard trigger); the earlier commitment '
    'wins a tie.';
COMMENT ON COLUMN auxeira.auction_bids.amount IS
    'The bid in currency units (> 0, two decimals), NULL until revealed after the auction '
    'closed and verified against the commitment.';
COMMENT ON COLUMN auxeira.auction_bids.nonce IS
    'The bidder''s secret nonce (32-128 lower-case hex digits, at least 128 bits), NULL until '
    'revealed together with amount.';
COMMENT ON COLUMN auxeira.auction_bids.revealed_at IS
    'When amount and nonce were revealed and verified (set by the guard trigger). NULL = '
    'sealed. A revealed bid is final.';
COMMENT ON COLUMN auxeira.auction_bids.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.auction_bids.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.auction_bids.created_at IS 'When the bidder first committed.';
COMMENT ON COLUMN auxeira.auction_bids.updated_at IS
    'When the row was last changed; set by trigger update_auction_bids_updated_at.';
COMMENT ON CONSTRAINT auction_bids_auction_id_bidder_id_key ON auxeira.auction_bids IS
    'One bid per bidder per auction (a re-commit while open replaces the commitment); also '
    'indexes the auction_id foreign key.';
COMMENT ON INDEX auxeira.auction_bids_auction_id_bidder_id_key IS
    'Index of the one-bid-per-bidder-per-auction constraint; serves the auction_id foreign key '
    'and the re-commit upsert.';
COMMENT ON INDEX auxeira.auction_bids_bidder_id_idx IS
    'Indexes the bidder_id foreign key; serves the bidder''s row-level security filter.';
COMMENT ON INDEX auxeira.auction_bids_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.auction_bids_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE FUNCTION auxeira.auction_bid_commitment(
    auction_id uuid, bidder_id uuid, amount numeric, nonce text
)
    RETURNS bytea
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF amount <= 0 OR amount <> round(amount, 2) OR amount >= 1e13 THEN
        RAISE EXCEPTION 'a bid amount must be positive, below 10^13, with at most two decimals: %',
            amount
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF nonce !~ '^[0-9a-f]{32,128}$' THEN
        RAISE EXCEPTION 'a bid nonce must be 32 to 128 lower-case hexadecimal digits'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN sha256(convert_to(
        'auxeira-bid-v1|' || auction_id::text || '|' || bidder_id::text || '|'
            || amount::numeric(15,2)::text || '|' || nonce,
        'UTF8'));
END
$$;

COMMENT ON FUNCTION auxeira.auction_bid_commitment(uuid, uuid, numeric, text) IS
    'The commitment of a sealed bid: sha256 of the UTF-8 text '
    '''auxeira-bid-v1|'' || auction_id || ''|'' || bidder_id || ''|'' || amount (two decimals) '
    '|| ''|'' || nonce. Unambiguous: the ids have a fixed form, the amount has no |, the nonce is '
    'hex. Refuses an amount with more than two decimals (never rounds) and a nonce that is not '
    '32-128 lower-case hex digits. Bidders should compute it client-side '
    '(auxeira_db.dashboards.corporate.bid_commitment, identical) so the amount never reaches '
    'the server before the reveal; the guard trigger uses it to verify reveals.';

CREATE FUNCTION auxeira.partnership_auction_status(
    opens_at timestamptz, closes_at timestamptz, reveal_closes_at timestamptz,
    cancelled_at timestamptz
)
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN cancelled_at IS NOT NULL THEN 'cancelled'
        WHEN now() < opens_at THEN 'scheduled'
        WHEN now() < closes_at THEN 'open'
        WHEN now() < reveal_closes_at THEN 'revealing'
        ELSE 'closed'
    END
$$;

COMMENT ON FUNCTION auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz) IS
    'Phase of an auction at the transaction''s time: cancelled, scheduled (not open yet), open '
    '(sealed bids accepted: opens_at <= now() < closes_at), revealing (closes_at <= now() < '
    'reveal_closes_at: bids may be revealed), closed (reveal window over).';

CREATE FUNCTION auxeira.partnership_auctions_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF now() >= OLD.opens_at
       AND (NEW.opens_at, NEW.closes_at, NEW.reveal_closes_at, NEW.reserve_amount,
            NEW.company_id, NEW.opened_by, NEW.opportunity_type)
           IS DISTINCT FROM
           (OLD.opens_at, OLD.closes_at, OLD.reveal_closes_at, OLD.reserve_amount,
            OLD.company_id, OLD.opened_by, OLD.opportunity_type) THEN
        RAISE EXCEPTION 'auction % has opened: its schedule, reserve, type and owner are fixed',
            OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.cancelled_at IS NOT NULL AND NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at THEN
        RAISE EXCEPTION 'auction % is cancelled, which is final', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.cancelled_at IS NULL AND NEW.cancelled_at IS NOT NULL THEN
        IF now() >= OLD.closes_at THEN
            RAISE EXCEPTION 'auction % has closed and can no longer be cancelled', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.cancelled_at := now();
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.partnership_auctions_guard() IS
    'BEFORE UPDATE trigger function of partnership_auctions: once an auction has opened, its '
    'schedule (opens_at, closes_at, reveal_closes_at), reserve, type, company and opener can no '
    'longer change, so bidders commit against fixed rules; cancelling is allowed only before '
    'closes_at, is stamped with now() and is final.';

CREATE TRIGGER partnership_auctions_guard
    BEFORE UPDATE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.partnership_auctions_guard();

COMMENT ON TRIGGER partnership_auctions_guard ON auxeira.partnership_auctions IS
    'Freezes an opened auction''s rules and makes cancellation final; see '
    'auxeira.partnership_auctions_guard().';

CREATE FUNCTION auxeira.auction_bids_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    auction auxeira.partnership_auctions;
    bidder_type text;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.auction_id, NEW.bidder_id) IS DISTINCT FROM (OLD.auction_id, OLD.bidder_id) THEN
        RAISE EXCEPTION 'a bid cannot move to another auction or bidder'
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO auction FROM auxeira.partnership_auctions AS a WHERE a.id = NEW.auction_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no auction %', NEW.auction_id USING ERRCODE = 'foreign_key_violation';
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL OR NEW.revealed_at IS NOT NULL THEN
            RAISE EXCEPTION 'a bid is committed sealed: amount and nonce are revealed only after '
                'the auction closes'
                USING ERRCODE = 'check_violation';
        END IF;
        SELECT u.user_type INTO bidder_type FROM auxeira.users AS u WHERE u.id = NEW.bidder_id;
        IF bidder_type IS DISTINCT FROM 'corporate' THEN
            RAISE EXCEPTION 'only corporate users bid on partnership auctions'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF OLD.revealed_at IS NOT NULL THEN
        IF (NEW.commitment, NEW.amount, NEW.nonce) IS DISTINCT FROM
           (OLD.commitment, OLD.amount, OLD.nonce) THEN
            RAISE EXCEPTION 'this bid has been revealed and is final'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := OLD.revealed_at;
        RETURN NEW;
    END IF;

    IF TG_OP = 'INSERT' OR NEW.commitment IS DISTINCT FROM OLD.commitment THEN
        -- A commitment (first or replacement): only while the auction is open, always sealed.
        IF auction.cancelled_at IS NOT NULL THEN
            RAISE EXCEPTION 'auction % is cancelled', auction.id USING ERRCODE = 'check_violation';
        ELSIF now() < auction.opens_at THEN
            RAISE EXCEPTION 'auction % is not open for bids until %', auction.id, auction.opens_at
                USING ERRCODE = 'check_violation';
        ELSIF now() >= auction.closes_at THEN
            RAISE EXCEPTION 'auction % closed at %: bids are no longer accepted',
                auction.id, auction.closes_at
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL THEN
            RAISE EXCEPTION 'a bid is committed sealed: amount and nonce are revealed only after '
                'the auction closes'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := now();
        NEW.revealed_at := NULL;
    ELSIF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL THEN
        -- A reveal: only after the auction closed, and it must match the commitment.
        IF auction.cancelled_at IS NOT NULL THEN
            RAISE EXCEPTION 'auction % is cancelled', auction.id USING ERRCODE = 'check_violation';
        ELSIF now() < auction.closes_at THEN
            RAISE EXCEPTION 'auction % is still open until %: bids are revealed after it closes',
                auction.id, auction.closes_at
                USING ERRCODE = 'check_violation';
        ELSIF now() >= auction.reveal_closes_at THEN
            RAISE EXCEPTION 'the reveal window of auction % ended at %',
                auction.id, auction.reveal_closes_at
                USING ERRCODE = 'check_violation';
        ELSIF NEW.amount IS NULL OR NEW.nonce IS NULL THEN
            RAISE EXCEPTION 'a reveal needs both the amount and the nonce'
                USING ERRCODE = 'invalid_parameter_value';
        ELSIF auxeira.auction_bid_commitment(NEW.auction_id, NEW.bidder_id, NEW.amount, NEW.nonce)
              <> OLD.commitment THEN
            RAISE EXCEPTION 'the revealed amount and nonce do not match the committed bid'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := now();
    ELSE
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := OLD.revealed_at;
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.auction_bids_guard() IS
    'BEFORE INSERT OR UPDATE trigger function of auction_bids, enforcing the sealed-bid rules '
    'whoever writes (the platform included): a bid is committed sealed (amount and nonce NULL) '
    'by a corporate user while the auction is open, and may be re-committed until it closes; '
    'it is revealed only between closes_at and reveal_closes_at, and only with the amount and '
    'nonce whose commitment (auxeira.auction_bid_commitment) equals the stored one; a revealed '
    'bid is final. Stamps committed_at and revealed_at itself. SECURITY DEFINER to read the '
    'auction and the bidder''s user type whatever the caller may see; it returns nothing.';

CREATE TRIGGER auction_bids_guard
    BEFORE INSERT OR UPDATE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.auction_bids_guard();

COMMENT ON TRIGGER auction_bids_guard ON auxeira.auction_bids IS
    'Enforces commit-while-open, reveal-after-close and reveal-matches-commitment; see '
    'auxeira.auction_bids_guard().';

-- ===== from sql/functions/200_dashboard_support.sql =====

-- Support for the dashboards: refreshing materialized views, and change notifications.

CREATE FUNCTION auxeira.refresh_materialized_view(
    view_name regclass, concurrent boolean DEFAULT true)
    RETURNS TABLE (refreshed boolean, row_count bigint, duration_ms numeric)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    started timestamptz := clock_timestamp();
    populated boolean;
    n bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_matviews AS m
                   WHERE format('%I.%I', m.schemaname, m.matviewname)::regclass = view_name) THEN
        RAISE EXCEPTION 'not a materialized view: %', view_name
            USING ERRCODE = 'wrong_object_type';
    END IF;
    -- Another session refreshing the same view: skip instead of queueing behind it.
    IF NOT pg_try_advisory_xact_lock(hashtext('auxeira-refresh'), view_name::oid::integer) THEN
        RETURN QUERY SELECT false, NULL::bigint, NULL::numeric;
        RETURN;
    END IF;
    SELECT c.relispopulated INTO populated FROM pg_class AS c WHERE c.oid = view_name;
    -- CONCURRENTLY needs a populated view; the first refresh is always a blocking one.
    IF concurrent AND populated THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', view_name);
    ELSE
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', view_name);
        concurrent := false;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', view_name) INTO n;
    INSERT INTO auxeira.view_refreshes (view_name, started_at, duration_ms, row_count, concurrent)
    VALUES (view_name::text, started,
            round((extract(epoch FROM clock_timestamp() - started) * 1000)::numeric, 3),
            n, concurrent);
    RETURN QUERY SELECT true, n,
        round((extract(epoch FROM clock_timestamp() - started) * 1000)::numeric, 3);
END
$$;

COMMENT ON FUNCTION auxeira.refresh_materialized_view(regclass, boolean) IS
    'Refreshes one materialized view (CONCURRENTLY by default, so readers are never blocked; '
    'blocking when the view has never been populated) and logs it in auxeira.view_refreshes. '
    'If another session is refreshing the same view, returns refreshed = false at once instead '
    'of waiting. SECURITY DEFINER as auxeira_owner, not granted to services.';

CREATE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', changed ->> TG_ARGV[1],
            'entity', TG_TABLE_NAME,
            'id', changed ->> 'id',
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: sends a NOTIFY on channel auxeira_<dashboard> (trigger '
    'argument 1) with a small JSON payload {dashboard, user_id (from the column named by '
    'argument 2), entity (table), id, op}. Never the row''s data: well under the 8,000-byte '
    'payload limit. Delivered at commit, only if the transaction commits. Silent while the '
    'transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

-- ===== from sql/views/angel.sql =====

-- The angel-investor dashboard (/api/dashboard/angel/...): one object per endpoint in schema
-- auxeira_dash, the write functions, and the triggers of the dashboard (they live here, not
-- beside the tables, because their trigger functions load after sql/schema). Grants:
-- sql/security/240_angel.sql.
--
--   GET  /api/dashboard/angel/portfolio    auxeira_dash.angel_portfolio, angel_portfolio_totals
--   GET  /api/dashboard/angel/network      auxeira_dash.angel_network, angel_network_summary,
--                                          angel_network_requests
--        (writes)                          angel_request_connection, angel_respond_connection
--   GET  /api/dashboard/angel/syndicate    auxeira_dash.angel_syndicate_opportunities,
--                                          angel_syndicate_memberships
--        (write)                           angel_join_syndicate
--   POST /api/dashboard/angel/investment   auxeira_dash.angel_track_investment(...)
--   GET  /api/dashboard/angel/tax-report   auxeira_dash.angel_tax_report, angel_tax_events
--
-- Figures (MOIC, TVPI, DPI, IRR, residual value) are those of sql/functions/
-- 040_performance.sql, as of the current date. Every read is a security_invoker view: the
-- policies of sql/security/240_angel.sql decide what a reader sees.

-- Triggers ------------------------------------------------------------------------------------

CREATE TRIGGER update_connections_updated_at
    BEFORE UPDATE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_connections_updated_at ON auxeira.connections IS
    'Stamps connections.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_syndicates_updated_at
    BEFORE UPDATE ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_syndicates_updated_at ON auxeira.syndicates IS
    'Stamps syndicates.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_syndicate_members_updated_at
    BEFORE UPDATE ON auxeira.syndicate_members
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_syndicate_members_updated_at ON auxeira.syndicate_members IS
    'Stamps syndicate_members.updated_at with now() on every UPDATE.';

CREATE TRIGGER notify_angel_connections_requester
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'requester_id');

COMMENT ON TRIGGER notify_angel_connections_requester ON auxeira.connections IS
    'NOTIFY auxeira_angel for the requester: a connection of theirs changed.';

CREATE TRIGGER notify_angel_connections_addressee
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'addressee_id');

COMMENT ON TRIGGER notify_angel_connections_addressee ON auxeira.connections IS
    'NOTIFY auxeira_angel for the addressee: a connection request to them changed.';

CREATE TRIGGER notify_angel_syndicates
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'lead_id');

COMMENT ON TRIGGER notify_angel_syndicates ON auxeira.syndicates IS
    'NOTIFY auxeira_angel for the lead: a syndicate changed (opened, closed, terms).';

CREATE TRIGGER notify_angel_syndicate_members
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.syndicate_members
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'member_id');

COMMENT ON TRIGGER notify_angel_syndicate_members ON auxeira.syndicate_members IS
    'NOTIFY auxeira_angel for the member: their commitment changed.';

CREATE TRIGGER notify_angel_investments
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'investor_id');

COMMENT ON TRIGGER notify_angel_investments ON auxeira.investments IS
    'NOTIFY auxeira_angel: an investment of the investor changed (portfolio, tax report).';

CREATE TRIGGER notify_angel_investment_cash_flows
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investment_cash_flows
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('angel');

COMMENT ON TRIGGER notify_angel_investment_cash_flows ON auxeira.investment_cash_flows IS
    'NOTIFY auxeira_angel for the investor of the flow''s investment (portfolio, tax report).';

CREATE TRIGGER notify_angel_valuation_marks
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.valuation_marks
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('angel');

COMMENT ON TRIGGER notify_angel_valuation_marks ON auxeira.valuation_marks IS
    'NOTIFY auxeira_angel for the investor of the marked investment: its value changed.';

-- GET /api/dashboard/angel/portfolio ----------------------------------------------------------

CREATE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.investment_date,
           p.status,
           i.equity_percentage,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio IS
    'GET /api/dashboard/angel/portfolio (holdings): one row per investment of the current '
    'user, as of today: company, industry, stage, round, equity at entry, status, invested, '
    'value (latest mark, else cost; 0 after an exit or write-off), MOIC, TVPI, DPI, IRR and the '
    'realised / paper split of the gain. security_invoker: row-level security applies.';

CREATE VIEW auxeira_dash.angel_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.irr,
           t.realized_return,
           t.paper_return
    FROM auxeira.portfolio_performance(CURRENT_DATE) AS t
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio_totals IS
    'GET /api/dashboard/angel/portfolio (totals): the current user''s portfolio as of today, '
    'one row (none without investments): counts by status, invested, value, MOIC, TVPI, DPI, '
    'the pooled IRR of all flows, realised and paper gains.';

-- GET /api/dashboard/angel/network ------------------------------------------------------------

CREATE VIEW auxeira_dash.angel_network WITH (security_invoker = true) AS
    SELECT c.id AS connection_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN c.addressee_id ELSE c.requester_id END AS counterpart_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN 'sent' ELSE 'received' END AS direction,
           c.connection_type,
           c.responded_at AS connected_at
    FROM auxeira.connections AS c
    WHERE c.status = 'accepted'
      AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id);

COMMENT ON VIEW auxeira_dash.angel_network IS
    'GET /api/dashboard/angel/network (connections): the current user''s accepted '
    'connections: the other user, who asked (direction sent = the current user did), the '
    'type and since when. Connections are visible to their two users only.';

CREATE VIEW auxeira_dash.angel_network_requests WITH (security_invoker = true) AS
    SELECT c.id AS connection_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN c.addressee_id ELSE c.requester_id END AS counterpart_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN 'sent' ELSE 'received' END AS direction,
           c.connection_type,
           c.message,
           c.created_at AS requested_at
    FROM auxeira.connections AS c
    WHERE c.status = 'requested'
      AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id);

COMMENT ON VIEW auxeira_dash.angel_network_requests IS
    'GET /api/dashboard/angel/network (pending): connection requests of the current user '
    'still waiting for an answer, received (answer with angel_respond_connection) and sent.';

CREATE VIEW auxeira_dash.angel_network_summary WITH (security_invoker = true) AS
    SELECT t.connection_type,
           count(c.id) FILTER (WHERE c.status = 'accepted') AS accepted,
           count(c.id) FILTER (WHERE c.status = 'requested'
                                 AND c.addressee_id = auxeira.current_user_id())
               AS pending_received,
           count(c.id) FILTER (WHERE c.status = 'requested'
                                 AND c.requester_id = auxeira.current_user_id())
               AS pending_sent
    FROM unnest(ARRAY['co-investor', 'founder', 'mentor', 'advisor', 'service-provider'])
         AS t(connection_type)
    LEFT JOIN auxeira.connections AS c
           ON c.connection_type = t.connection_type
          AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id)
    GROUP BY t.connection_type;

COMMENT ON VIEW auxeira_dash.angel_network_summary IS
    'GET /api/dashboard/angel/network (counts): per connection type, the current user''s '
    'accepted connections and pending requests received and sent (0 when none).';

-- GET /api/dashboard/angel/syndicate ----------------------------------------------------------

CREATE VIEW auxeira_dash.angel_syndicate_opportunities WITH (security_invoker = true) AS
    SELECT s.id AS syndicate_id,
           s.name,
           s.description,
           s.company_id,
           c.name AS company_name,
           c.industry,
           s.investment_round,
           s.lead_id,
           s.lead_id = auxeira.current_user_id() AS is_lead,
           s.target_amount,
           s.min_ticket,
           s.carry_percentage,
           s.deadline,
           s.deadline - CURRENT_DATE AS days_left,
           s.status,
           mine.commitment_amount AS my_commitment,
           totals.committed AS committed_total,
           totals.members AS member_count
    FROM auxeira.syndicates AS s
    LEFT JOIN auxeira.companies AS c ON c.id = s.company_id
    LEFT JOIN auxeira.syndicate_members AS mine
           ON mine.syndicate_id = s.id
          AND mine.member_id = auxeira.current_user_id()
          AND mine.status <> 'withdrawn'
    LEFT JOIN LATERAL (
        SELECT coalesce(sum(m.commitment_amount), 0) AS committed, count(*) AS members
        FROM auxeira.syndicate_members AS m
        WHERE m.syndicate_id = s.id AND m.status <> 'withdrawn'
    ) AS totals ON s.lead_id = auxeira.current_user_id()
    WHERE s.status = 'open';

COMMENT ON VIEW auxeira_dash.angel_syndicate_opportunities IS
    'GET /api/dashboard/angel/syndicate (opportunities): the open syndicates the current user '
    'may see (every open syndicate for an angel, plus the ones they lead or joined), with the '
    'published terms (target, minimum ticket, carry, deadline, days left), the caller''s own '
    'commitment, and, for the lead only, the total committed and the number of members '
    '(NULL for everyone else: other members'' commitments are private). The company''s name and '
    'industry appear when the companies policies let the reader see the company.';

CREATE VIEW auxeira_dash.angel_syndicate_memberships WITH (security_invoker = true) AS
    SELECT m.id AS membership_id,
           m.syndicate_id,
           s.name AS syndicate_name,
           s.company_id,
           s.lead_id,
           s.status AS syndicate_status,
           s.deadline,
           s.carry_percentage,
           m.commitment_amount,
           m.status,
           m.created_at AS joined_at
    FROM auxeira.syndicate_members AS m
    JOIN auxeira.syndicates AS s ON s.id = m.syndicate_id
    WHERE m.member_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_syndicate_memberships IS
    'GET /api/dashboard/angel/syndicate (memberships): the current user''s syndicate '
    'memberships, whatever the syndicate''s status, with the commitment and its status.';

-- GET /api/dashboard/angel/tax-report ---------------------------------------------------------
--
-- Realisation events and their cost basis (the cost-recovery convention):
--   * basis of an investment at a date: contributions, follow-ons and deal fees paid on or
--     before that date (the specification's amount on investment_date when the investment has
--     no cash-flow rows);
--   * each distribution first recovers the basis not yet recovered; only the excess is a gain
--     (a distribution never shows a loss);
--   * when the investment is exited or written off (status with exit_date, on or before
--     today), the basis still unrecovered on exit_date is a realised loss that day (event
--     exit or write-off, proceeds 0); later distributions (escrow releases) are all gain;
--   * holding period: from the first payment in (acquired_on) to the event; long-term when
--     more than 365 days. Follow-ons do not start a new holding period;
--   * tax year: the calendar year of the event.
-- Closed form of the recovery: with events in order, P the running sum of their recovery
-- capacity (the proceeds of a distribution; the whole basis for an exit or write-off) and B
-- the basis at each event, the basis recovered so far is P + least(0, running min(B - P)).

CREATE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    WITH inv AS (
        SELECT i.id, i.company_id, i.investment_date, i.status, i.exit_date, i.amount,
               EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                       WHERE x.investment_id = i.id) AS has_flows
        FROM auxeira.investments AS i
        WHERE i.investor_id = auxeira.current_user_id()
    ),
    paid AS (
        SELECT f.investment_id, f.flow_date, f.amount
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type IN ('contribution', 'follow_on', 'fee')
        UNION ALL
        SELECT inv.id, inv.investment_date, inv.amount
        FROM inv
        WHERE NOT inv.has_flows
    ),
    events AS (
        SELECT f.investment_id, f.id AS cash_flow_id, f.flow_date AS event_date,
               'distribution'::text AS event_type, 0 AS event_order, f.amount AS proceeds
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type = 'distribution' AND f.flow_date <= CURRENT_DATE
        UNION ALL
        SELECT inv.id, NULL, inv.exit_date,
               CASE WHEN inv.status = 'exited' THEN 'exit' ELSE 'write-off' END, 1, 0
        FROM inv
        WHERE inv.status IN ('exited', 'written-off') AND inv.exit_date <= CURRENT_DATE
    ),
    based AS (
        SELECT e.*,
               coalesce((SELECT sum(p.amount) FROM paid AS p
                         WHERE p.investment_id = e.investment_id
                           AND p.flow_date <= e.event_date), 0) AS basis
        FROM events AS e
    ),
    running AS (
        SELECT b.*,
               sum(CASE WHEN b.event_type = 'distribution' THEN b.proceeds ELSE b.basis END)
                   OVER w AS capacity
        FROM based AS b
        WINDOW w AS (PARTITION BY b.investment_id
                     ORDER BY b.event_date, b.event_order, b.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    recovered AS (
        SELECT r.*,
               r.capacity + least(0, min(r.basis - r.capacity) OVER w) AS recovered_to_date
        FROM running AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    costed AS (
        SELECT r.*,
               r.recovered_to_date - coalesce(lag(r.recovered_to_date) OVER w, 0) AS cost_basis
        FROM recovered AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id)
    ),
    acquired AS (
        SELECT p.investment_id, min(p.flow_date) AS acquired_on
        FROM paid AS p
        GROUP BY p.investment_id
    )
    SELECT c.investment_id,
           c.cash_flow_id,
           inv.company_id,
           co.name AS company_name,
           c.event_date,
           extract(year FROM c.event_date)::integer AS tax_year,
           c.event_type,
           c.proceeds,
           c.cost_basis,
           c.proceeds - c.cost_basis AS gain,
           coalesce(a.acquired_on, inv.investment_date) AS acquired_on,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) AS holding_days,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) > 365 AS long_term
    FROM costed AS c
    JOIN inv ON inv.id = c.investment_id
    LEFT JOIN acquired AS a ON a.investment_id = c.investment_id
    LEFT JOIN auxeira.companies AS co ON co.id = inv.company_id
    -- an exit whose distributions recovered the whole basis realises nothing more
    WHERE c.event_type = 'distribution' OR c.cost_basis > 0;

COMMENT ON VIEW auxeira_dash.angel_tax_events IS
    'GET /api/dashboard/angel/tax-report (detail): each realisation of the current user up to '
    'today: a distribution (proceeds, the cost basis it recovers, gain >= 0) or an exit / '
    'write-off that leaves basis unrecovered (proceeds 0, that basis realised as a loss), with '
    'the tax year (calendar year), acquired_on (first payment in), holding_days and long_term '
    '(> 365 days). Cost basis: cost recovery first (the rules are in sql/views/angel.sql).';

CREATE VIEW auxeira_dash.angel_tax_report WITH (security_invoker = true) AS
    SELECT e.tax_year,
           count(*) AS events,
           sum(e.proceeds) AS proceeds,
           sum(e.cost_basis) AS cost_basis,
           coalesce(sum(e.gain) FILTER (WHERE NOT e.long_term), 0) AS short_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.long_term), 0) AS long_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.gain > 0), 0) AS gains,
           coalesce(sum(e.gain) FILTER (WHERE e.gain < 0), 0) AS losses,
           sum(e.gain) AS net_gain
    FROM auxeira_dash.angel_tax_events AS e
    GROUP BY e.tax_year;

COMMENT ON VIEW auxeira_dash.angel_tax_report IS
    'GET /api/dashboard/angel/tax-report (by tax year): the current user''s realised gains and '
    'losses per calendar year: events, proceeds, cost basis, short-term and long-term (held '
    '> 365 days) net gain, total gains, total losses and the net gain.';

-- POST /api/dashboard/angel/investment --------------------------------------------------------

CREATE FUNCTION auxeira_dash.angel_track_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    note text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        cash_flow_id uuid,
        investor_id uuid,
        company_id uuid,
        investment_round varchar,
        amount numeric,
        equity_percentage numeric,
        pre_money_valuation numeric,
        post_money_valuation numeric,
        investment_date date,
        status varchar
    )
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    pre numeric := pre_money;
    post numeric := post_money;
    stake numeric := equity;
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested IS NULL OR invested <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(invested::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + invested THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, invested
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - invested;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, invested
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + invested;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - invested / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(invested / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(invested / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', invested, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date)
        VALUES (me, company, funding_round, invested, stake, pre, post, invested_on)
        RETURNING i.id INTO new_investment;
    EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'investments_company_id_fkey' THEN
            RAISE EXCEPTION 'company % does not exist', company
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    END;

    INSERT INTO auxeira.investment_cash_flows AS cf (investment_id, flow_date, flow_type, amount,
                                                    note)
    VALUES (new_investment, invested_on, 'contribution', invested,
            coalesce(note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    RETURN QUERY
        SELECT i.id, new_flow, i.investor_id, i.company_id, i.investment_round, i.amount,
               i.equity_percentage, i.pre_money_valuation, i.post_money_valuation,
               i.investment_date, i.status
        FROM auxeira.investments AS i
        WHERE i.id = new_investment;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_track_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text) IS
    'POST /api/dashboard/angel/investment: records a personal investment of the current user '
    '(no fund) and its first cash flow (a contribution of the amount on the investment date). '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, post-money <> pre-money + amount, equity <> amount / post-money (when '
    'valuations are given, equity is derived from them). Returns the investment and the cash '
    'flow id. SECURITY INVOKER.';

-- Writes behind the network and syndicate reads (the specification lists only the reads) ----

CREATE FUNCTION auxeira_dash.angel_request_connection(
    addressee uuid, kind text DEFAULT 'co-investor', note text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    created auxeira.connections;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF addressee IS NULL OR addressee = me THEN
        RAISE EXCEPTION 'a connection needs another user (got %)', coalesce(addressee::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.connections AS c (requester_id, addressee_id, connection_type, message)
    VALUES (me, addressee, coalesce(kind, 'co-investor'), note)
    RETURNING c.* INTO created;
    RETURN created;
EXCEPTION
    WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'connections_addressee_id_fkey' THEN
            RAISE EXCEPTION 'user % does not exist', addressee
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    WHEN unique_violation THEN
        RAISE EXCEPTION 'a connection between you and user % already exists', addressee
            USING ERRCODE = 'unique_violation';
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text) IS
    'Network write: the current user asks another user to connect (kind = co-investor, '
    'founder, mentor, advisor or service-provider; an optional note of at most 500 '
    'characters). Refuses oneself, an unknown user, an unknown kind and a pair already '
    'connected or asked (in either direction). Returns the connection. SECURITY INVOKER.';

CREATE FUNCTION auxeira_dash.angel_respond_connection(connection uuid, accept boolean)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    answered auxeira.connections;
BEGIN
    IF accept IS NULL THEN
        RAISE EXCEPTION 'accept must be true or false' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE auxeira.connections AS c
    SET status = CASE WHEN accept THEN 'accepted' ELSE 'declined' END
    WHERE c.id = connection AND c.addressee_id = me AND c.status = 'requested'
    RETURNING c.* INTO answered;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no pending connection request % addressed to you',
            coalesce(connection::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN answered;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean) IS
    'Network write: the addressee of a pending request accepts (accept = true) or declines '
    'it. Refuses a request that is not pending or not addressed to the current user. Returns '
    'the connection. SECURITY INVOKER.';

CREATE FUNCTION auxeira_dash.angel_join_syndicate(syndicate uuid, commitment numeric)
    RETURNS auxeira.syndicate_members
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    terms record;
    joined auxeira.syndicate_members;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT s.status, s.deadline, s.min_ticket INTO terms
    FROM auxeira.syndicates AS s
    WHERE s.id = syndicate;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'syndicate % does not exist or is not open to you',
            coalesce(syndicate::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.status <> 'open' THEN
        RAISE EXCEPTION 'syndicate % is %, not open', syndicate, terms.status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.deadline < CURRENT_DATE THEN
        RAISE EXCEPTION 'syndicate % closed for commitments on %', syndicate, terms.deadline
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF commitment IS NULL OR commitment < terms.min_ticket THEN
        RAISE EXCEPTION 'commitment % is below the minimum ticket %',
            coalesce(commitment::text, 'null'), terms.min_ticket
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.syndicate_members AS m (syndicate_id, member_id, commitment_amount)
    VALUES (syndicate, me, commitment)
    ON CONFLICT (syndicate_id, member_id) DO UPDATE
        SET commitment_amount = EXCLUDED.commitment_amount, status = 'committed'
    RETURNING m.* INTO joined;
    RETURN joined;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric) IS
    'Syndicate write: the current user commits an amount to an open syndicate (or changes '
    'their commitment, which also undoes a withdrawal). Refuses a syndicate that is unknown or '
    'not visible to the caller, not open, past its deadline, and a commitment below the '
    'minimum ticket. Oversubscription is allowed (the lead allocates). Returns the membership. '
    'SECURITY INVOKER.';

-- ===== from sql/views/corporate.sql =====

-- Corporate partner dashboard: what /api/dashboard/corporate/... reads and writes.
--
-- The ecosystem pulse is an aggregate across every startup (a materialized view in
-- auxeira_mv), published only for groups of at least five companies; everything else is the
-- caller's own data: its partnerships, its bids, the auctions open to corporates.
-- Functions that join companies (which a corporate user cannot read under row-level security)
-- or read auxeira_mv are SECURITY DEFINER and filter by auxeira.current_user_id() themselves.

-- Ecosystem pulse by industry and stage, with marginals. Disclosure control by global
-- recoding, so that every published row, and every difference of published rows, covers at
-- least five companies:
--   1. a company in an (industry, stage) cell of fewer than five companies gets stage
--      '(other)' (it still counts in its industry);
--   2. if its industry's '(other)' cell is still under five, it gets industry '(other)' too;
--   3. if the ('(other)', '(other)') cell then holds one to four companies, the smallest
--      remaining cell is recoded into it as well;
-- and all rows (cells, per-industry, per-stage and overall) are computed from the recoded
-- companies, so the per-stage rows are sums of published cells.
CREATE MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse AS
WITH base AS (
    SELECT c.id,
           coalesce(nullif(btrim(c.industry), ''), '(unknown)') AS industry,
           coalesce(c.stage, '(unknown)') AS stage,
           c.current_valuation,
           c.funding_raised,
           c.growth_rate,
           c.sse_score
    FROM auxeira.companies AS c
),
step1 AS (
    SELECT b.*,
           CASE WHEN count(*) OVER (PARTITION BY b.industry, b.stage) < 5
                THEN '(other)' ELSE b.stage END AS stage1
    FROM base AS b
),
step2 AS (
    SELECT s.*,
           CASE WHEN s.stage1 = '(other)'
                     AND count(*) OVER (PARTITION BY s.industry, s.stage1) < 5
                THEN '(other)' ELSE s.industry END AS industry2
    FROM step1 AS s
),
cells AS (
    SELECT industry2, stage1, count(*) AS n
    FROM step2
    GROUP BY 1, 2
),
extra AS (
    -- The smallest cell to merge into ('(other)', '(other)') when that cell is too small.
    SELECT c.industry2, c.stage1
    FROM cells AS c
    WHERE (SELECT coalesce(sum(o.n), 0) FROM cells AS o
           WHERE o.industry2 = '(other)' AND o.stage1 = '(other)') BETWEEN 1 AND 4
      AND NOT (c.industry2 = '(other)' AND c.stage1 = '(other)')
    ORDER BY c.n, c.industry2, c.stage1
    LIMIT 1
),
recoded AS (
    SELECT s.id,
           CASE WHEN e.industry2 IS NULL THEN s.industry2 ELSE '(other)' END AS industry,
           CASE WHEN e.industry2 IS NULL THEN s.stage1 ELSE '(other)' END AS stage,
           s.current_valuation, s.funding_raised, s.growth_rate, s.sse_score
    FROM step2 AS s
    LEFT JOIN extra AS e ON e.industry2 = s.industry2 AND e.stage1 = s.stage1
)
SELECT coalesce(r.industry, '(all)') AS industry,
       coalesce(r.stage, '(all)') AS stage,
       count(*) AS companies,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.current_valuation)::numeric, 2)
           AS median_valuation,
       sum(r.funding_raised) AS total_funding,
       round(avg(r.growth_rate), 4) AS avg_growth_rate,
       round(avg(r.sse_score), 1) AS avg_sse_score
FROM recoded AS r
GROUP BY GROUPING SETS ((r.industry, r.stage), (r.industry), (r.stage), ())
HAVING count(*) >= 5;

CREATE UNIQUE INDEX corporate_ecosystem_pulse_key
    ON auxeira_mv.corporate_ecosystem_pulse (industry, stage);

COMMENT ON MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse IS
    'Ecosystem pulse: startups aggregated by industry and stage (each cell, each industry, each '
    'stage, and overall), every row covering at least five companies. Companies in small cells '
    'are recoded to ''(other)'' before aggregating (see sql/views/corporate.sql), so no '
    'difference of published rows isolates fewer than five companies. Serves GET '
    '/api/dashboard/corporate/ecosystem through auxeira_dash.corporate_ecosystem(). Not '
    'readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.industry IS
    'Industry (companies.industry); ''(all)'' = every industry, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no industry given.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.stage IS
    'Funding stage (companies.stage); ''(all)'' = every stage, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no stage given.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.companies IS
    'Number of companies in the group; always >= 5.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.median_valuation IS
    'Median of companies.current_valuation over companies that have one (continuous median), '
    '2 decimals; NULL = none has one.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.total_funding IS
    'Sum of companies.funding_raised (unknown values left out).';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_growth_rate IS
    'Mean of companies.growth_rate (annual, a fraction), 4 decimals; NULL = none known.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_sse_score IS
    'Mean SSE score (0-100) of the scored companies, 1 decimal; NULL = none scored.';
COMMENT ON INDEX auxeira_mv.corporate_ecosystem_pulse_key IS
    'One row per (industry, stage) label pair; makes REFRESH ... CONCURRENTLY possible.';

-- GET /api/dashboard/corporate/ecosystem
CREATE FUNCTION auxeira_dash.corporate_ecosystem(
    only_industry text DEFAULT NULL, only_stage text DEFAULT NULL
)
    RETURNS TABLE (
        industry text,
        stage text,
        companies bigint,
        median_valuation numeric,
        total_funding numeric,
        avg_growth_rate numeric,
        avg_sse_score numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.industry, p.stage, p.companies, p.median_valuation, p.total_funding,
           p.avg_growth_rate, p.avg_sse_score
    FROM auxeira_mv.corporate_ecosystem_pulse AS p
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate')
      AND (corporate_ecosystem.only_industry IS NULL OR p.industry = corporate_ecosystem.only_industry)
      AND (corporate_ecosystem.only_stage IS NULL OR p.stage = corporate_ecosystem.only_stage)
    ORDER BY p.industry = '(all)' DESC, p.industry, p.stage = '(all)' DESC, p.stage
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_ecosystem(text, text) IS
    'Serves GET /api/dashboard/corporate/ecosystem: the ecosystem pulse (companies, median '
    'valuation, total funding, average growth, average SSE score) by industry and stage from '
    'auxeira_mv.corporate_ecosystem_pulse, groups of >= 5 companies only. only_industry and '
    'only_stage filter on the labels (''(all)'' selects the marginal rows; NULL = every row). Rows only for '
    'a signed-in corporate user. SECURITY DEFINER because the application role cannot read '
    'auxeira_mv.';

-- GET /api/dashboard/corporate/auctions
CREATE FUNCTION auxeira_dash.corporate_auctions()
    RETURNS TABLE (
        auction_id uuid,
        company_id uuid,
        company_name text,
        industry text,
        stage text,
        title text,
        description text,
        opportunity_type text,
        opens_at timestamptz,
        closes_at timestamptz,
        reveal_closes_at timestamptz,
        reserve_amount numeric,
        status text,
        opened_by_me boolean,
        my_bid_status text,
        my_committed_at timestamptz,
        my_amount numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.id, a.company_id, c.name, c.industry, c.stage, a.title, a.description,
           a.opportunity_type, a.opens_at, a.closes_at, a.reveal_closes_at, a.reserve_amount,
           auxeira.partnership_auction_status(a.opens_at, a.closes_at, a.reveal_closes_at,
                                              a.cancelled_at),
           coalesce(a.opened_by = auxeira.current_user_id(), false),
           CASE WHEN b.id IS NULL THEN 'none'
                WHEN b.revealed_at IS NULL THEN 'sealed'
                ELSE 'revealed' END,
           b.committed_at,
           b.amount
    FROM auxeira.partnership_auctions AS a
    LEFT JOIN auxeira.companies AS c ON c.id = a.company_id
    LEFT JOIN auxeira.auction_bids AS b
           ON b.auction_id = a.id AND b.bidder_id = auxeira.current_user_id()
    WHERE a.opened_by = auxeira.current_user_id()
       OR EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate')
    ORDER BY a.closes_at, a.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auctions() IS
    'Serves GET /api/dashboard/corporate/auctions: the blind auction opportunities (for a '
    'corporate caller every auction; for a founder the ones it opened) with the startup, '
    'schedule, reserve, phase (auxeira.partnership_auction_status) and the caller''s own bid: '
    'none, sealed (committed, amount unknown to everyone but the bidder) or revealed (with its '
    'amount). Never other bidders'' bids. SECURITY DEFINER to show the startup''s name, which '
    'corporate users cannot read under row-level security.';

-- GET /api/dashboard/corporate/auctions (results: winner determination after the reveal)
CREATE FUNCTION auxeira_dash.corporate_auction_results(only_auction uuid DEFAULT NULL)
    RETURNS TABLE (
        auction_id uuid,
        title text,
        status text,
        reserve_amount numeric,
        bids_committed bigint,
        bids_revealed bigint,
        final boolean,
        winning_amount numeric,
        winning_bid_id uuid,
        winner_id uuid,
        caller_won boolean
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH mine AS (
        SELECT a.*
        FROM auxeira.partnership_auctions AS a
        WHERE (corporate_auction_results.only_auction IS NULL
               OR a.id = corporate_auction_results.only_auction)
          AND (a.opened_by = auxeira.current_user_id()
               OR EXISTS (SELECT FROM auxeira.auction_bids AS b
                          WHERE b.auction_id = a.id
                            AND b.bidder_id = auxeira.current_user_id()))
    ),
    counts AS (
        SELECT b.auction_id, count(*) AS committed, count(b.revealed_at) AS revealed
        FROM auxeira.auction_bids AS b
        JOIN mine AS m ON m.id = b.auction_id
        GROUP BY b.auction_id
    ),
    best AS (
        SELECT DISTINCT ON (b.auction_id) b.auction_id, b.id, b.bidder_id, b.amount
        FROM auxeira.auction_bids AS b
        JOIN mine AS m ON m.id = b.auction_id
        WHERE b.amount IS NOT NULL AND b.amount >= m.reserve_amount
        ORDER BY b.auction_id, b.amount DESC, b.committed_at, b.id
    ),
    outcome AS (
        SELECT m.*, coalesce(n.committed, 0) AS committed, coalesce(n.revealed, 0) AS revealed,
               m.cancelled_at IS NULL AND now() >= m.closes_at
                   AND (now() >= m.reveal_closes_at
                        OR coalesce(n.revealed, 0) = coalesce(n.committed, 0)) AS final,
               w.id AS w_id, w.bidder_id AS w_bidder, w.amount AS w_amount
        FROM mine AS m
        LEFT JOIN counts AS n ON n.auction_id = m.id
        LEFT JOIN best AS w ON w.auction_id = m.id
    )
    SELECT o.id, o.title,
           auxeira.partnership_auction_status(o.opens_at, o.closes_at, o.reveal_closes_at,
                                              o.cancelled_at),
           o.reserve_amount, o.committed, o.revealed, o.final,
           CASE WHEN o.final THEN o.w_amount END,
           CASE WHEN o.final AND (o.opened_by = auxeira.current_user_id()
                                  OR o.w_bidder = auxeira.current_user_id()) THEN o.w_id END,
           CASE WHEN o.final AND (o.opened_by = auxeira.current_user_id()
                                  OR o.w_bidder = auxeira.current_user_id()) THEN o.w_bidder END,
           CASE WHEN o.final THEN coalesce(o.w_bidder = auxeira.current_user_id(), false) END
    FROM outcome AS o
    ORDER BY o.closes_at, o.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auction_results(uuid) IS
    'Winner determination of the blind auctions the caller opened or bid on (one auction, or '
    'all when only_auction is NULL): the winner is the highest revealed bid at or above the '
    'reserve, ties going to the earlier commitment. The result is final once the reveal window '
    'has ended, or earlier when every committed bid is revealed; before that, and for a '
    'cancelled auction, the winner columns are NULL. The winning amount is shown to everyone '
    'involved; the winning bid and bidder only to the opener and to the winner. SECURITY '
    'DEFINER to compare bids the caller cannot read; filters by auxeira.current_user_id().';

-- GET /api/dashboard/corporate/partnerships
CREATE FUNCTION auxeira_dash.corporate_partnerships()
    RETURNS TABLE (
        partnership_id uuid,
        startup_id uuid,
        startup_name text,
        industry text,
        stage text,
        partnership_type text,
        partnership_value numeric,
        partnership_status text,
        start_date date,
        end_date date,
        success_metrics jsonb,
        renewal_probability numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.id, c.id, c.name, c.industry, c.stage, p.partnership_type, p.partnership_value,
           p.partnership_status, p.start_date, p.end_date, p.success_metrics,
           p.renewal_probability
    FROM auxeira.corporate_partnerships AS p
    JOIN auxeira.companies AS c ON c.id = p.startup_id
    WHERE p.corporate_partner_id = auxeira.current_user_id()
      AND p.partnership_status = 'active'
    ORDER BY p.end_date NULLS LAST, c.name, p.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_partnerships() IS
    'Serves GET /api/dashboard/corporate/partnerships: the caller''s active partnerships '
    '(corporate_partnerships with partnership_status active and corporate_partner_id = '
    'current user), with the startup''s name, industry and stage, soonest ending first. '
    'SECURITY DEFINER because a corporate user cannot read companies under row-level security; '
    'it filters by auxeira.current_user_id() itself.';

-- GET /api/dashboard/corporate/roi
CREATE FUNCTION auxeira_dash.corporate_roi()
    RETURNS TABLE (
        partnership_id uuid,
        startup_name text,
        partnership_type text,
        partnership_status text,
        start_date date,
        end_date date,
        partnership_value numeric,
        roi_achieved numeric,
        net_return numeric,
        total_return numeric,
        renewal_probability numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.id, c.name, p.partnership_type, p.partnership_status, p.start_date, p.end_date,
           p.partnership_value, p.roi_achieved,
           round(p.partnership_value * p.roi_achieved, 2),
           round(p.partnership_value * (1 + p.roi_achieved), 2),
           p.renewal_probability
    FROM auxeira.corporate_partnerships AS p
    JOIN auxeira.companies AS c ON c.id = p.startup_id
    WHERE p.corporate_partner_id = auxeira.current_user_id()
    ORDER BY p.start_date DESC NULLS LAST, c.name, p.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_roi() IS
    'Serves GET /api/dashboard/corporate/roi (per partnership): every partnership of the caller, '
    'whatever its status, with its ROI (roi_achieved, a fraction), net_return = value x ROI and '
    'total_return = value x (1 + ROI), taking partnership_value as the cost; NULL where the ROI '
    'is not measured. SECURITY DEFINER for the startup name; filters by '
    'auxeira.current_user_id().';

-- GET /api/dashboard/corporate/roi (totals)
CREATE VIEW auxeira_dash.corporate_roi_totals
WITH (security_invoker = true) AS
SELECT CASE WHEN GROUPING(t.kind) = 1 THEN '(all)' ELSE t.kind END AS partnership_type,
       count(*) AS partnerships,
       count(*) FILTER (WHERE t.partnership_status = 'active') AS active,
       count(*) FILTER (WHERE t.partnership_status = 'completed') AS completed,
       count(*) FILTER (WHERE t.partnership_status = 'cancelled') AS cancelled,
       coalesce(sum(t.partnership_value), 0) AS total_value,
       count(t.roi_achieved) AS measured,
       coalesce(sum(t.partnership_value) FILTER (WHERE t.roi_achieved IS NOT NULL), 0)
           AS measured_value,
       coalesce(round(sum(t.partnership_value * t.roi_achieved), 2), 0) AS net_return,
       round(sum(t.partnership_value * t.roi_achieved)
             / nullif(sum(t.partnership_value) FILTER (WHERE t.roi_achieved IS NOT NULL), 0), 4)
           AS weighted_roi,
       round(avg(t.roi_achieved), 4) AS average_roi,
       round(avg(t.renewal_probability), 2) AS avg_renewal_probability
FROM (SELECT coalesce(p.partnership_type, '(untyped)') AS kind, p.partnership_status,
             p.partnership_value, p.roi_achieved, p.renewal_probability
      FROM auxeira.corporate_partnerships AS p
      WHERE p.corporate_partner_id = auxeira.current_user_id()) AS t
GROUP BY ROLLUP (t.kind)
HAVING count(*) > 0;

COMMENT ON VIEW auxeira_dash.corporate_roi_totals IS
    'Serves GET /api/dashboard/corporate/roi (totals): the caller''s partnerships per '
    'partnership_type and overall (''(all)'', by ROLLUP), with counts by status, value and ROI '
    'totals. security_invoker: row-level security applies, and the view keeps only the rows '
    'where the caller is the corporate partner (not the startup side). No rows without '
    'partnerships.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.partnership_type IS
    'pilot, poc, commercial, strategic, ''(untyped)'' (partnership_type NULL), or ''(all)'' for '
    'the total row.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.partnerships IS 'Number of partnerships.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.active IS 'Of which active.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.completed IS 'Of which completed.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.cancelled IS 'Of which cancelled.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.total_value IS
    'Sum of partnership_value (unknown values count as 0).';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.measured IS
    'Partnerships with a measured ROI (roi_achieved not NULL).';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.measured_value IS
    'Sum of partnership_value over the partnerships with a measured ROI.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.net_return IS
    'Sum of partnership_value x roi_achieved: the net gain in currency units.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.weighted_roi IS
    'net_return / measured_value: ROI weighted by value, a fraction with 4 decimals. NULL = '
    'nothing measured.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.average_roi IS
    'Plain mean of roi_achieved, 4 decimals. NULL = nothing measured.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.avg_renewal_probability IS
    'Mean renewal_probability (percent 0-100), 2 decimals. NULL = none estimated.';

-- Founders open auctions (the startup side of the auctions corporates bid on).
CREATE FUNCTION auxeira_dash.corporate_open_auction(
    company_id uuid,
    title text,
    opportunity_type text,
    closes_at timestamptz,
    reserve_amount numeric DEFAULT 0,
    opens_at timestamptz DEFAULT NULL,
    reveal_closes_at timestamptz DEFAULT NULL,
    description text DEFAULT NULL
)
    RETURNS auxeira.partnership_auctions
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    starts timestamptz := coalesce(corporate_open_auction.opens_at, now());
    result auxeira.partnership_auctions;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_open_auction.company_id IS NULL
       OR NOT auxeira.owns_company(corporate_open_auction.company_id) THEN
        RAISE EXCEPTION 'company % is not yours', corporate_open_auction.company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(corporate_open_auction.title), '') = '' THEN
        RAISE EXCEPTION 'an auction needs a title' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.opportunity_type IS NULL
       OR corporate_open_auction.opportunity_type NOT IN ('pilot', 'poc', 'commercial',
                                                          'strategic') THEN
        RAISE EXCEPTION 'opportunity_type must be pilot, poc, commercial or strategic, not %',
            coalesce(corporate_open_auction.opportunity_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF starts < now() THEN
        RAISE EXCEPTION 'opens_at % is in the past', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.closes_at IS NULL OR corporate_open_auction.closes_at <= starts THEN
        RAISE EXCEPTION 'closes_at must be after opens_at (%)', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reveal_closes_at <= corporate_open_auction.closes_at THEN
        RAISE EXCEPTION 'reveal_closes_at must be after closes_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reserve_amount IS NULL OR corporate_open_auction.reserve_amount < 0
    THEN
        RAISE EXCEPTION 'reserve_amount must be >= 0, not %',
            coalesce(corporate_open_auction.reserve_amount::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.partnership_auctions AS a
        (company_id, opened_by, title, description, opportunity_type, opens_at, closes_at,
         reveal_closes_at, reserve_amount)
    VALUES (corporate_open_auction.company_id, me, btrim(corporate_open_auction.title),
            corporate_open_auction.description, corporate_open_auction.opportunity_type, starts,
            corporate_open_auction.closes_at,
            coalesce(corporate_open_auction.reveal_closes_at,
                     corporate_open_auction.closes_at + interval '7 days'),
            corporate_open_auction.reserve_amount)
    RETURNING a.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text) IS
    'Opens a blind auction of a partnership opportunity for a startup the calling founder owns '
    '(the offer side of GET /api/dashboard/corporate/auctions): bids from opens_at (default '
    'now) to closes_at, reveals until reveal_closes_at (default closes_at + 7 days), reserve '
    'amount (default 0). Returns the row. Raises invalid_parameter_value for a company not '
    'owned, a blank title, an unknown type, a schedule in the past or out of order, a negative '
    'reserve. SECURITY INVOKER: row-level security applies.';

-- POST /api/dashboard/corporate/bid: commit a sealed bid
CREATE FUNCTION auxeira_dash.corporate_submit_bid(auction_id uuid, commitment bytea)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.auction_bids;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_submit_bid.commitment IS NULL OR octet_length(corporate_submit_bid.commitment) <> 32
    THEN
        RAISE EXCEPTION 'a commitment is the 32-byte SHA-256 of the bid (see '
            'auxeira.auction_bid_commitment)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_submit_bid.auction_id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.partnership_auctions AS a
                      WHERE a.id = corporate_submit_bid.auction_id) THEN
        RAISE EXCEPTION 'no auction % open to you', corporate_submit_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One bid per bidder per auction: committing again while the auction is open replaces
    -- the commitment (the guard trigger refuses it once the auction has closed).
    INSERT INTO auxeira.auction_bids AS b (auction_id, bidder_id, commitment)
    VALUES (corporate_submit_bid.auction_id, me, corporate_submit_bid.commitment)
    ON CONFLICT ON CONSTRAINT auction_bids_auction_id_bidder_id_key DO UPDATE
    SET commitment = excluded.commitment
    RETURNING b.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea) IS
    'Serves POST /api/dashboard/corporate/bid (the "encrypted" bid): stores the caller''s sealed '
    'bid on an auction as a commitment only (32-byte SHA-256, computed client-side by '
    'auxeira_db.dashboards.corporate.bid_commitment); amount and nonce stay NULL. Allowed while '
    'the auction is open; committing again before it closes replaces the commitment. Returns '
    'the bid row. The trigger auxeira.auction_bids_guard() refuses a closed, cancelled or not '
    'yet open auction and a non-corporate bidder. SECURITY INVOKER.';

-- POST /api/dashboard/corporate/bid: reveal it after the auction closed
CREATE FUNCTION auxeira_dash.corporate_reveal_bid(auction_id uuid, amount numeric, nonce text)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.auction_bids;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_reveal_bid.amount IS NULL OR corporate_reveal_bid.nonce IS NULL THEN
        RAISE EXCEPTION 'a reveal needs both the amount and the nonce'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Same rules as the commitment: refuse rather than round or normalise.
    PERFORM auxeira.auction_bid_commitment(corporate_reveal_bid.auction_id, me,
                                           corporate_reveal_bid.amount,
                                           corporate_reveal_bid.nonce);
    UPDATE auxeira.auction_bids AS b
    SET amount = corporate_reveal_bid.amount,
        nonce = corporate_reveal_bid.nonce
    WHERE b.auction_id = corporate_reveal_bid.auction_id AND b.bidder_id = me
    RETURNING b.* INTO result;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'you have no bid on auction %', corporate_reveal_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text) IS
    'Serves POST /api/dashboard/corporate/bid (the reveal): after the auction closed and before '
    'its reveal window ends, stores the caller''s amount and nonce; the trigger '
    'auxeira.auction_bids_guard() recomputes the commitment and refuses a mismatch (nothing is '
    'written). Revealing the same values again is a no-op; a revealed bid is final. Returns the '
    'bid row. SECURITY INVOKER.';

-- ===== from sql/views/esg.sql =====

-- ESG education dashboard (GET/POST /api/dashboard/esg-education/...): one view or function
-- per endpoint, in schema auxeira_dash, reading the programme tables of
-- sql/schema/220_esg_education.sql for the current ESG user.
--
--   GET  impact      auxeira_dash.esg_education_impact(), esg_education_impact_overall()
--                    over auxeira_mv.esg_programme_impact (materialized)
--   GET  students    auxeira_dash.esg_education_students
--   GET  teachers    auxeira_dash.esg_education_teachers
--   GET  compliance  auxeira_dash.esg_education_compliance
--   POST program     auxeira_dash.esg_education_log_program(...)
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


CREATE FUNCTION auxeira_dash.esg_education_log_program(
    name text,
    country_code text,
    education_level text,
    start_date date,
    delivery_mode text DEFAULT 'in_person',
    status text DEFAULT 'active',
    end_date date DEFAULT NULL,
    budget numeric DEFAULT NULL,
    currency text DEFAULT 'USD',
    target_students integer DEFAULT NULL,
    target_teachers integer DEFAULT NULL,
    sdg_targets text[] DEFAULT '{}',
    region text DEFAULT NULL,
    description text DEFAULT NULL
)
    RETURNS auxeira.education_programmes
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    me_type text;
    name_text text := nullif(btrim(name), '');
    country text := upper(btrim(country_code));
    money text := upper(btrim(currency));
    region_text text := nullif(btrim(region), '');
    targets varchar(3)[];
    bad text;
    written auxeira.education_programmes;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT u.user_type INTO me_type FROM auxeira.users AS u WHERE u.id = me;
    IF me_type IS DISTINCT FROM 'esg' THEN
        RAISE EXCEPTION 'only ESG accounts (user_type esg) log education programmes'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF name_text IS NULL OR length(name_text) > 255 THEN
        RAISE EXCEPTION 'name is required (1-255 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF country IS NULL OR country !~ '^[A-Z]{2}$' THEN
        RAISE EXCEPTION 'country_code must be an ISO 3166-1 alpha-2 code such as NG, got %',
            coalesce(country_code, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF education_level IS NULL OR education_level NOT IN (
        'early_childhood', 'primary', 'secondary', 'tvet', 'tertiary', 'adult',
        'teacher_education', 'mixed') THEN
        RAISE EXCEPTION 'education_level must be early_childhood, primary, secondary, tvet, '
                        'tertiary, adult, teacher_education or mixed, got %',
            coalesce(education_level, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF delivery_mode IS NULL OR delivery_mode NOT IN ('in_person', 'online', 'blended') THEN
        RAISE EXCEPTION 'delivery_mode must be in_person, online or blended, got %',
            coalesce(delivery_mode, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF status IS NULL OR status NOT IN ('planned', 'active', 'completed', 'suspended') THEN
        RAISE EXCEPTION 'status must be planned, active, completed or suspended, got %',
            coalesce(status, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF start_date IS NULL OR start_date < DATE '1990-01-01' THEN
        RAISE EXCEPTION 'start_date is required and not before 1990-01-01, got %', start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF end_date < start_date THEN
        RAISE EXCEPTION 'end_date % is before start_date %', end_date, start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF budget < 0 OR budget >= 1e13 THEN
        RAISE EXCEPTION 'budget must be >= 0 and below 10^13, got %', budget
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF money IS NULL OR money !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'currency must be an ISO 4217 code such as USD, got %',
            coalesce(currency, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target_students < 0 OR target_teachers < 0 THEN
        RAISE EXCEPTION 'target_students and target_teachers must be >= 0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF region_text IS NOT NULL AND length(region_text) > 100 THEN
        RAISE EXCEPTION 'region is at most 100 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(coalesce(t, 'NULL'), ', ') INTO bad
    FROM unnest(coalesce(sdg_targets, '{}')) AS t
    WHERE t IS NULL
       OR t NOT IN ('4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.a', '4.b', '4.c');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'sdg_targets must be SDG 4 targets (4.1-4.7, 4.a-4.c), got %', bad
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(DISTINCT t ORDER BY t), '{}') INTO targets
    FROM unnest(coalesce(sdg_targets, '{}')) AS t;
    IF EXISTS (SELECT FROM auxeira.education_programmes AS p
               WHERE p.user_id = me AND p.name = name_text
                 AND p.start_date = esg_education_log_program.start_date) THEN
        RAISE EXCEPTION 'programme "%" starting % is already logged', name_text, start_date
            USING ERRCODE = 'unique_violation';
    END IF;

    INSERT INTO auxeira.education_programmes (
        user_id, name, description, country_code, region, education_level, delivery_mode,
        status, start_date, end_date, budget, currency, target_students, target_teachers,
        sdg_targets)
    VALUES (
        me, name_text, esg_education_log_program.description, country, region_text,
        esg_education_log_program.education_level, esg_education_log_program.delivery_mode,
        esg_education_log_program.status, esg_education_log_program.start_date,
        esg_education_log_program.end_date, esg_education_log_program.budget, money,
        esg_education_log_program.target_students, esg_education_log_program.target_teachers,
        targets)
    RETURNING * INTO written;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_log_program(
    text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
    text) IS
    'POST /api/dashboard/esg-education/program: logs an education programme owned by the '
    'current user (who must be an ESG account) and returns the row. Validates every value '
    '(name 1-255 characters; ISO country and currency codes, upper-cased; education_level, '
    'delivery_mode and status from their lists; start_date from 1990; end_date >= start_date; '
    'budget and targets >= 0; sdg_targets among 4.1-4.7 and 4.a-4.c, de-duplicated and sorted) '
    'and raises invalid_parameter_value otherwise; the same name and start date twice raises '
    'unique_violation. Appears in the impact figures after the next refresh of '
    'auxeira_mv.esg_programme_impact. SECURITY INVOKER: row-level security checks the insert.';

-- ===== from sql/views/government.sql =====

-- Government agency dashboard: what /api/dashboard/government/... reads and writes.
--
-- Cross-tenant figures (economic impact, jobs, tax revenue, compliance) come from materialized
-- views in auxeira_mv and are aggregates only. Disclosure control, applied inside the views:
--   * a group is a set of companies; every published group has at least five companies;
--   * within one period and breakdown, groups of fewer than five companies are merged into one
--     group labelled '(other)'; if that group would still have one to four companies, the
--     smallest published group is merged into it too, so that no published figure minus the
--     others isolates fewer than five companies;
--   * a period with fewer than five companies in total publishes nothing.
-- The functions reading them are SECURITY DEFINER (the application role cannot read
-- auxeira_mv) and return rows only to a signed-in government user.
-- Policies and their measured impact are the caller's own rows (row-level security).

-- One row per quarter, breakdown (total, industry, stage, region) and group.
CREATE MATERIALIZED VIEW auxeira_mv.government_economic_impact AS
WITH per_company AS (
    -- One row per company and quarter: flows summed over the quarter's measurements; the
    -- stock of supported jobs and the multiplier taken from the latest / average measurement.
    SELECT date_trunc('quarter', ei.metric_date)::date AS period_start,
           ei.company_id,
           sum(ei.jobs_created) AS jobs_created,
           (array_agg(ei.jobs_supported ORDER BY ei.metric_date DESC)
                FILTER (WHERE ei.jobs_supported IS NOT NULL))[1] AS jobs_supported,
           sum(ei.tax_revenue_generated) AS tax_revenue,
           sum(ei.gdp_contribution) AS gdp_contribution,
           sum(ei.export_revenue) AS export_revenue,
           sum(ei.r_and_d_spending) AS r_and_d_spending,
           sum(ei.patents_filed) AS patents_filed,
           sum(ei.local_supplier_spend) AS local_supplier_spend,
           sum(ei.community_investment) AS community_investment,
           avg(ei.economic_multiplier) AS economic_multiplier
    FROM auxeira.economic_impact AS ei
    GROUP BY 1, 2
),
dims AS (
    SELECT pc.*, d.breakdown, d.breakdown_value
    FROM per_company AS pc
    JOIN auxeira.companies AS c ON c.id = pc.company_id
    CROSS JOIN LATERAL (
        VALUES ('total', '(all)'),
               ('industry', coalesce(nullif(btrim(c.industry), ''), '(unknown)')),
               ('stage', coalesce(c.stage, '(unknown)')),
               -- location is "City, Country": the region is the part after the last comma
               ('region', coalesce(nullif(btrim(regexp_replace(c.location, '^.*,', '')), ''),
                                   '(unknown)'))
    ) AS d (breakdown, breakdown_value)
),
sizes AS (
    SELECT s.*,
           coalesce(sum(s.n) FILTER (WHERE s.n < 5)
                        OVER (PARTITION BY s.period_start, s.breakdown), 0) AS small_n,
           row_number() OVER (PARTITION BY s.period_start, s.breakdown, s.n >= 5
                              ORDER BY s.n, s.breakdown_value) AS size_rank
    FROM (SELECT period_start, breakdown, breakdown_value, count(*) AS n
          FROM dims
          GROUP BY 1, 2, 3) AS s
),
labels AS (
    SELECT period_start, breakdown, breakdown_value,
           CASE WHEN n < 5 OR (small_n BETWEEN 1 AND 4 AND size_rank = 1)
                THEN '(other)' ELSE breakdown_value END AS label
    FROM sizes
)
SELECT d.period_start,
       d.breakdown,
       l.label AS breakdown_value,
       count(*) AS companies,
       sum(d.jobs_created)::bigint AS jobs_created,
       sum(d.jobs_supported)::bigint AS jobs_supported,
       sum(d.tax_revenue) AS tax_revenue,
       sum(d.gdp_contribution) AS gdp_contribution,
       sum(d.export_revenue) AS export_revenue,
       sum(d.r_and_d_spending) AS r_and_d_spending,
       sum(d.patents_filed)::bigint AS patents_filed,
       sum(d.local_supplier_spend) AS local_supplier_spend,
       sum(d.community_investment) AS community_investment,
       round(avg(d.economic_multiplier), 2) AS avg_economic_multiplier
FROM dims AS d
JOIN labels AS l USING (period_start, breakdown, breakdown_value)
GROUP BY 1, 2, 3
HAVING count(*) >= 5;

CREATE UNIQUE INDEX government_economic_impact_key
    ON auxeira_mv.government_economic_impact (period_start, breakdown, breakdown_value);

COMMENT ON MATERIALIZED VIEW auxeira_mv.government_economic_impact IS
    'Economic impact of the ecosystem per calendar quarter, as aggregates of at least five '
    'companies: one row per quarter, breakdown (total, industry, stage, region) and group. '
    'Groups under five companies are merged into ''(other)'' (with the smallest group when '
    'needed, so no difference of published rows isolates fewer than five companies). Serves '
    'GET /api/dashboard/government/economic, /jobs and /tax-revenue through the functions of '
    'auxeira_dash. Not readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.period_start IS
    'First day of the calendar quarter (economic_impact.metric_date truncated to the quarter).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.breakdown IS
    'How companies are grouped: total (one group, ''(all)''), industry, stage, region (the '
    'country: the part of companies.location after the last comma).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.breakdown_value IS
    'The group: an industry, stage or region; ''(unknown)'' when the company has none; '
    '''(other)'' for merged small groups; ''(all)'' for the total.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.companies IS
    'Distinct companies with a measurement in the quarter in this group; always >= 5.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.jobs_created IS
    'Direct jobs created in the quarter: sum of economic_impact.jobs_created.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.jobs_supported IS
    'Indirect and induced jobs supported: per company its latest jobs_supported of the quarter '
    '(a stock, not summed over months), summed over companies.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.tax_revenue IS
    'Taxes generated in the quarter: sum of economic_impact.tax_revenue_generated.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.gdp_contribution IS
    'Gross value added in the quarter: sum of economic_impact.gdp_contribution (signed).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.export_revenue IS
    'Export revenue in the quarter: sum of economic_impact.export_revenue.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.r_and_d_spending IS
    'R&D spending in the quarter: sum of economic_impact.r_and_d_spending.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.patents_filed IS
    'Patent applications filed in the quarter: sum of economic_impact.patents_filed.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.local_supplier_spend IS
    'Spending with local suppliers in the quarter: sum of economic_impact.local_supplier_spend.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.community_investment IS
    'Community investment in the quarter: sum of economic_impact.community_investment.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.avg_economic_multiplier IS
    'Average over companies of each company''s average economic_multiplier in the quarter, 2 '
    'decimals. NULL = no company reported one.';
COMMENT ON INDEX auxeira_mv.government_economic_impact_key IS
    'One row per quarter, breakdown and group; makes REFRESH ... CONCURRENTLY possible.';

-- Per requirement: how many companies are compliant, suppressed under five companies.
CREATE MATERIALIZED VIEW auxeira_mv.government_compliance_summary AS
SELECT cc.requirement_id,
       count(*) AS companies,
       count(*) FILTER (WHERE cc.status = 'compliant') AS compliant,
       count(*) FILTER (WHERE cc.status = 'partial') AS partial,
       count(*) FILTER (WHERE cc.status = 'non-compliant') AS non_compliant,
       count(*) FILTER (WHERE cc.status = 'pending') AS pending,
       count(*) FILTER (WHERE cc.status = 'not-applicable') AS not_applicable,
       round(count(*) FILTER (WHERE cc.status = 'compliant')::numeric
             / nullif(count(*) FILTER (WHERE cc.status IN ('compliant', 'partial',
                                                           'non-compliant')), 0), 4)
           AS compliance_rate
FROM auxeira.company_compliance AS cc
GROUP BY cc.requirement_id
HAVING count(*) >= 5;

CREATE UNIQUE INDEX government_compliance_summary_key
    ON auxeira_mv.government_compliance_summary (requirement_id);

COMMENT ON MATERIALIZED VIEW auxeira_mv.government_compliance_summary IS
    'Compliance with each regulatory requirement across companies, as counts by status: one '
    'row per requirement assessed for at least five companies (fewer: no row). Serves GET '
    '/api/dashboard/government/compliance through auxeira_dash.government_compliance(). Not '
    'readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.requirement_id IS
    'The requirement (regulatory_requirements.id).';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.companies IS
    'Companies with a status for the requirement (any status); always >= 5.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.compliant IS
    'Companies with status compliant.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.partial IS
    'Companies with status partial.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.non_compliant IS
    'Companies with status non-compliant.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.pending IS
    'Companies whose assessment is pending.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.not_applicable IS
    'Companies to which the requirement does not apply.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.compliance_rate IS
    'compliant / (compliant + partial + non-compliant), a fraction with 4 decimals; pending and '
    'not-applicable are left out. NULL = no company assessed yet.';
COMMENT ON INDEX auxeira_mv.government_compliance_summary_key IS
    'One row per requirement; makes REFRESH ... CONCURRENTLY possible.';

-- GET /api/dashboard/government/economic
CREATE FUNCTION auxeira_dash.government_economic(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        gdp_contribution numeric,
        export_revenue numeric,
        r_and_d_spending numeric,
        patents_filed bigint,
        local_supplier_spend numeric,
        community_investment numeric,
        avg_economic_multiplier numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_economic.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_economic.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.gdp_contribution,
           m.export_revenue, m.r_and_d_spending, m.patents_filed, m.local_supplier_spend,
           m.community_investment, m.avg_economic_multiplier
    FROM auxeira_mv.government_economic_impact AS m
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_economic.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_economic.period_from)::date)
      AND (government_economic.period_to IS NULL OR m.period_start <= government_economic.period_to)
      AND (government_economic.only_breakdown IS NULL OR m.breakdown = government_economic.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_economic(date, date, text) IS
    'Serves GET /api/dashboard/government/economic: economic impact analytics (GDP contribution, '
    'exports, R&D, patents, local spending, community investment, average multiplier) per '
    'quarter and group, from auxeira_mv.government_economic_impact (groups of >= 5 companies). '
    'Filters: quarters overlapping [period_from, period_to], one breakdown (total, industry, '
    'stage, region; NULL = all). Rows only for a signed-in government user. SECURITY DEFINER '
    'because the application role cannot read auxeira_mv.';

-- GET /api/dashboard/government/jobs
CREATE FUNCTION auxeira_dash.government_jobs(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        jobs_created bigint,
        jobs_supported bigint,
        jobs_created_per_company numeric,
        jobs_created_change bigint
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_jobs.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_jobs.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.jobs_created,
           m.jobs_supported,
           round(m.jobs_created::numeric / m.companies, 2),
           m.jobs_created - prev.jobs_created
    FROM auxeira_mv.government_economic_impact AS m
    LEFT JOIN auxeira_mv.government_economic_impact AS prev
           ON prev.period_start = (m.period_start - interval '3 months')::date
          AND prev.breakdown = m.breakdown
          AND prev.breakdown_value = m.breakdown_value
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_jobs.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_jobs.period_from)::date)
      AND (government_jobs.period_to IS NULL OR m.period_start <= government_jobs.period_to)
      AND (government_jobs.only_breakdown IS NULL OR m.breakdown = government_jobs.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_jobs(date, date, text) IS
    'Serves GET /api/dashboard/government/jobs: job creation per quarter and group (jobs created, '
    'jobs supported, jobs created per company, change in jobs created against the previous '
    'quarter of the same group, NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

-- GET /api/dashboard/government/tax-revenue
CREATE FUNCTION auxeira_dash.government_tax_revenue(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        tax_revenue numeric,
        tax_revenue_per_company numeric,
        tax_revenue_change numeric,
        tax_revenue_growth numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_tax_revenue.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_tax_revenue.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.tax_revenue,
           round(m.tax_revenue / m.companies, 2),
           m.tax_revenue - prev.tax_revenue,
           round((m.tax_revenue - prev.tax_revenue) / nullif(prev.tax_revenue, 0), 4)
    FROM auxeira_mv.government_economic_impact AS m
    LEFT JOIN auxeira_mv.government_economic_impact AS prev
           ON prev.period_start = (m.period_start - interval '3 months')::date
          AND prev.breakdown = m.breakdown
          AND prev.breakdown_value = m.breakdown_value
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_tax_revenue.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_tax_revenue.period_from)::date)
      AND (government_tax_revenue.period_to IS NULL
           OR m.period_start <= government_tax_revenue.period_to)
      AND (government_tax_revenue.only_breakdown IS NULL
           OR m.breakdown = government_tax_revenue.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_tax_revenue(date, date, text) IS
    'Serves GET /api/dashboard/government/tax-revenue: taxes generated per quarter and group, '
    'per company, and the change and growth (a fraction) against the previous quarter of the '
    'same group (NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

-- GET /api/dashboard/government/compliance
CREATE FUNCTION auxeira_dash.government_compliance()
    RETURNS TABLE (
        requirement_id uuid,
        code text,
        name text,
        jurisdiction text,
        category text,
        effective_date date,
        published_by_me boolean,
        companies bigint,
        compliant bigint,
        partial bigint,
        non_compliant bigint,
        pending bigint,
        not_applicable bigint,
        compliance_rate numeric,
        suppressed boolean,
        shared_companies bigint
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.id, r.code, r.name, r.jurisdiction, r.category, r.effective_date,
           coalesce(r.owner_id = auxeira.current_user_id(), false),
           s.companies, s.compliant, s.partial, s.non_compliant, s.pending, s.not_applicable,
           s.compliance_rate,
           s.requirement_id IS NULL,
           (SELECT count(*) FROM auxeira.company_compliance AS cc
            WHERE cc.requirement_id = r.id AND cc.shared_with_regulator
              AND (r.owner_id IS NULL OR r.owner_id = auxeira.current_user_id()))
    FROM auxeira.regulatory_requirements AS r
    LEFT JOIN auxeira_mv.government_compliance_summary AS s ON s.requirement_id = r.id
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
    ORDER BY r.jurisdiction, r.code
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance() IS
    'Serves GET /api/dashboard/government/compliance: every regulatory requirement with the '
    'number of companies by compliance status and the compliance rate from '
    'auxeira_mv.government_compliance_summary; suppressed = true (and NULL figures) when fewer '
    'than five companies were assessed. shared_companies counts the companies that opted in to '
    'share their row with the caller (see auxeira_dash.government_compliance_companies()). Rows '
    'only for a signed-in government user; SECURITY DEFINER because the application role cannot '
    'read auxeira_mv.';

-- GET /api/dashboard/government/compliance (the companies that opted in)
CREATE FUNCTION auxeira_dash.government_compliance_companies()
    RETURNS TABLE (
        requirement_id uuid,
        code text,
        company_id uuid,
        company_name text,
        industry text,
        stage text,
        status text,
        assessed_on date,
        evidence_reference text
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.id, r.code, c.id, c.name, c.industry, c.stage, cc.status, cc.assessed_on,
           cc.evidence_reference
    FROM auxeira.company_compliance AS cc
    JOIN auxeira.regulatory_requirements AS r ON r.id = cc.requirement_id
    JOIN auxeira.companies AS c ON c.id = cc.company_id
    WHERE cc.shared_with_regulator
      AND EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (r.owner_id IS NULL OR r.owner_id = auxeira.current_user_id())
    ORDER BY r.code, c.name, c.id
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance_companies() IS
    'Serves the detail of GET /api/dashboard/government/compliance: the per-company statuses a '
    'company chose to share (company_compliance.shared_with_regulator) for requirements the '
    'caller published, or platform-curated ones (owner_id NULL). Never the notes. Rows only for '
    'a signed-in government user. SECURITY DEFINER because the caller cannot read companies '
    'under row-level security; it filters by auxeira.current_user_id() itself.';

-- POST /api/dashboard/government/policy (and what it wrote, to read back)
CREATE VIEW auxeira_dash.government_policy_impact
WITH (security_invoker = true) AS
SELECT p.id AS policy_id,
       p.name AS policy_name,
       p.jurisdiction,
       p.instrument_type,
       p.start_date,
       p.end_date,
       p.budget,
       i.id AS impact_id,
       i.metric,
       i.period_start,
       i.period_end,
       i.baseline,
       i.measured,
       i.measured - i.baseline AS change,
       (p.target_metrics ->> i.metric)::numeric AS target,
       round(i.measured / nullif((p.target_metrics ->> i.metric)::numeric, 0), 4)
           AS target_attainment,
       CASE WHEN i.measured - i.baseline > 0
            THEN round(p.budget / (i.measured - i.baseline), 2) END AS budget_per_unit_change,
       i.attributed_companies
FROM auxeira.government_policies AS p
LEFT JOIN auxeira.government_policy_impacts AS i ON i.policy_id = p.id
WHERE p.owner_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.government_policy_impact IS
    'Read side of POST /api/dashboard/government/policy: the caller''s policies, one row per '
    'impact measurement (a policy without measurements appears once with NULL measurement '
    'columns). security_invoker: row-level security and the owner filter keep other government '
    'users'' policies out.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.policy_id IS 'government_policies.id.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.policy_name IS 'Policy name.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.jurisdiction IS 'Where it applies.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.instrument_type IS
    'grant, tax-credit, regulation or programme.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.start_date IS 'Policy start.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.end_date IS
    'Policy end; NULL = open-ended.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.budget IS
    'Policy budget in currency units; NULL = none given.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.impact_id IS
    'government_policy_impacts.id; NULL when the policy has no measurement yet.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.metric IS 'Metric measured.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.period_start IS
    'Start of the measurement period.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.period_end IS
    'End of the measurement period.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.baseline IS
    'Counterfactual or pre-policy value; NULL = none.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.measured IS 'Measured value.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.change IS
    'measured - baseline: the effect attributed to the policy. NULL without a baseline.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.target IS
    'The policy''s target for this metric (government_policies.target_metrics); NULL = none.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.target_attainment IS
    'measured / target, a fraction with 4 decimals (1 = target met). NULL without a target.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.budget_per_unit_change IS
    'budget / change when the change is positive: e.g. the cost per additional job for '
    'jobs_created. NULL otherwise.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.attributed_companies IS
    'Companies the effect is attributed to; NULL = not known.';

-- POST /api/dashboard/government/policy: the policy
CREATE FUNCTION auxeira_dash.government_log_policy(
    name text,
    jurisdiction text,
    instrument_type text,
    start_date date,
    end_date date DEFAULT NULL,
    budget numeric DEFAULT NULL,
    target_metrics jsonb DEFAULT '{}',
    description text DEFAULT NULL,
    target_industry text DEFAULT NULL,
    target_stage text DEFAULT NULL
)
    RETURNS auxeira.government_policies
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    existing uuid;
    bad_key text;
    result auxeira.government_policies;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.users AS u WHERE u.id = me AND u.user_type = 'government')
    THEN
        RAISE EXCEPTION 'only government users log policies' USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(government_log_policy.name), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(government_log_policy.jurisdiction), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.instrument_type IS NULL
       OR government_log_policy.instrument_type NOT IN ('grant', 'tax-credit', 'regulation',
                                                        'programme') THEN
        RAISE EXCEPTION 'instrument_type must be grant, tax-credit, regulation or programme, not %',
            coalesce(government_log_policy.instrument_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.start_date IS NULL THEN
        RAISE EXCEPTION 'a policy needs a start_date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.end_date < government_log_policy.start_date THEN
        RAISE EXCEPTION 'end_date % is before start_date %',
            government_log_policy.end_date, government_log_policy.start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.budget < 0 THEN
        RAISE EXCEPTION 'budget must be >= 0, not %', government_log_policy.budget
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(government_log_policy.target_metrics, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'target_metrics must be a JSON object of numbers keyed by metric'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT t.key INTO bad_key
    FROM jsonb_each(coalesce(government_log_policy.target_metrics, '{}')) AS t
    WHERE jsonb_typeof(t.value) <> 'number'
       OR t.key NOT IN ('jobs_created', 'jobs_supported', 'tax_revenue_generated',
                        'gdp_contribution', 'export_revenue', 'r_and_d_spending', 'patents_filed',
                        'local_supplier_spend', 'community_investment', 'companies_supported',
                        'private_investment_leveraged')
    LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'target_metrics: % is not a known metric with a numeric target', bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.target_stage NOT IN ('pre-seed', 'seed', 'series-a', 'series-b',
                                                  'series-c+') THEN
        RAISE EXCEPTION 'target_stage must be pre-seed, seed, series-a, series-b or series-c+, '
            'not %', government_log_policy.target_stage
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Logging the same policy (owner, name, jurisdiction) again updates it.
    SELECT p.id INTO existing
    FROM auxeira.government_policies AS p
    WHERE p.owner_id = me
      AND lower(p.name) = lower(btrim(government_log_policy.name))
      AND lower(p.jurisdiction) = lower(btrim(government_log_policy.jurisdiction))
    FOR UPDATE;

    IF existing IS NULL THEN
        INSERT INTO auxeira.government_policies AS p
            (owner_id, name, jurisdiction, instrument_type, description, start_date, end_date,
             budget, target_metrics, target_industry, target_stage)
        VALUES (me, btrim(government_log_policy.name), btrim(government_log_policy.jurisdiction),
                government_log_policy.instrument_type, government_log_policy.description,
                government_log_policy.start_date, government_log_policy.end_date,
                government_log_policy.budget,
                coalesce(government_log_policy.target_metrics, '{}'),
                government_log_policy.target_industry, government_log_policy.target_stage)
        RETURNING p.* INTO result;
    ELSE
        UPDATE auxeira.government_policies AS p
        SET instrument_type = government_log_policy.instrument_type,
            description = government_log_policy.description,
            start_date = government_log_policy.start_date,
            end_date = government_log_policy.end_date,
            budget = government_log_policy.budget,
            target_metrics = coalesce(government_log_policy.target_metrics, '{}'),
            target_industry = government_log_policy.target_industry,
            target_stage = government_log_policy.target_stage
        WHERE p.id = existing
        RETURNING p.* INTO result;
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text, text) IS
    'Serves POST /api/dashboard/government/policy (the policy): logs a policy of the calling '
    'government user, or updates it when the caller already has one with the same name and '
    'jurisdiction (case-insensitive), and returns the row. Validates every value and raises '
    'invalid_parameter_value with a clear message (instrument type, dates, budget, targets: a '
    'JSON object of numbers keyed by known metrics, stage). SECURITY INVOKER: row-level '
    'security applies.';

-- POST /api/dashboard/government/policy: a measured impact
CREATE FUNCTION auxeira_dash.government_log_policy_impact(
    policy_id uuid,
    metric text,
    period_start date,
    period_end date,
    measured numeric,
    baseline numeric DEFAULT NULL,
    attributed_companies integer DEFAULT NULL,
    methodology text DEFAULT NULL
)
    RETURNS auxeira.government_policy_impacts
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.government_policy_impacts;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.government_policies AS p
                   WHERE p.id = government_log_policy_impact.policy_id AND p.owner_id = me) THEN
        RAISE EXCEPTION 'no policy % of yours', government_log_policy_impact.policy_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.metric IS NULL
       OR government_log_policy_impact.metric NOT IN (
           'jobs_created', 'jobs_supported', 'tax_revenue_generated', 'gdp_contribution',
           'export_revenue', 'r_and_d_spending', 'patents_filed', 'local_supplier_spend',
           'community_investment', 'companies_supported', 'private_investment_leveraged') THEN
        RAISE EXCEPTION 'unknown metric %', coalesce(government_log_policy_impact.metric, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.period_start IS NULL
       OR government_log_policy_impact.period_end IS NULL THEN
        RAISE EXCEPTION 'a measurement needs period_start and period_end'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.period_end < government_log_policy_impact.period_start THEN
        RAISE EXCEPTION 'period_end % is before period_start %',
            government_log_policy_impact.period_end, government_log_policy_impact.period_start
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.measured IS NULL THEN
        RAISE EXCEPTION 'a measurement needs the measured value'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.attributed_companies < 0 THEN
        RAISE EXCEPTION 'attributed_companies must be >= 0, not %',
            government_log_policy_impact.attributed_companies
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.government_policy_impacts AS i
        (policy_id, owner_id, metric, period_start, period_end, baseline, measured,
         attributed_companies, methodology)
    VALUES (government_log_policy_impact.policy_id, me, government_log_policy_impact.metric,
            government_log_policy_impact.period_start, government_log_policy_impact.period_end,
            government_log_policy_impact.baseline, government_log_policy_impact.measured,
            government_log_policy_impact.attributed_companies,
            government_log_policy_impact.methodology)
    ON CONFLICT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key DO UPDATE
    SET baseline = excluded.baseline,
        measured = excluded.measured,
        attributed_companies = excluded.attributed_companies,
        methodology = excluded.methodology
    RETURNING i.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer, text) IS
    'Serves POST /api/dashboard/government/policy (its measured impact): records the measured '
    'value (and baseline, attributed companies, methodology) of one metric of one of the '
    'caller''s policies over a period; the same policy, metric and period again replaces the '
    'measurement. Returns the row. Raises invalid_parameter_value for an unknown policy or '
    'metric, a reversed period, a missing value or a negative company count. SECURITY INVOKER.';

-- ===== from sql/views/startup.sql =====

-- Startup founder dashboard (GET/POST /api/dashboard/startup/...): one view or function per
-- endpoint, in schema auxeira_dash. Every read filters by auxeira.current_user_id() and runs
-- with the reader's rights (security_invoker views, SECURITY INVOKER functions), so row-level
-- security applies on top; writes validate their input and raise a clear error.
--
--   GET  overview   auxeira_dash.startup_overview
--   GET  sse-score  auxeira_dash.startup_sse_score, startup_sse_breakdown, startup_sse_history
--   GET  tokens     auxeira_dash.startup_token_balance, startup_token_transactions(...)
--   GET  actions    auxeira_dash.startup_actions_today, startup_action_progress
--   POST interview  auxeira_dash.startup_log_interview(...)
--   POST evidence   auxeira_dash.startup_record_evidence(...)
--
-- The specification's overview query joined portfolio_metrics on company_id and read
-- current_valuation and growth_rate from it; that table is per investor and has neither
-- column. Here the latest valuation is the company's own figure, or the latest valuation mark
-- an investor recorded for the company when that mark is newer; growth comes from companies.

CREATE VIEW auxeira_dash.startup_overview
WITH (security_invoker = true) AS
WITH tokens AS (
    SELECT coalesce(sum(t.amount), 0)::bigint AS total_tokens,
           coalesce(sum(t.amount) FILTER (
               WHERE t.created_at >= date_trunc('month', now())
           ), 0)::bigint AS tokens_this_month
    FROM auxeira.token_transactions AS t
    WHERE t.user_id = auxeira.current_user_id()
)
SELECT u.id AS user_id,
       c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       c.location,
       c.founded_date,
       c.current_valuation,
       c.previous_valuation,
       mark.company_valuation AS latest_mark_valuation,
       mark.mark_date AS latest_mark_date,
       CASE
           WHEN mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL
               THEN coalesce(mark.company_valuation, c.current_valuation)
           ELSE c.current_valuation
       END AS latest_valuation,
       CASE
           WHEN c.id IS NULL THEN NULL
           WHEN mark.company_valuation IS NOT NULL
                AND (mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL)
               THEN 'valuation_mark'
           ELSE 'company'
       END AS valuation_source,
       c.growth_rate,
       c.mrr,
       c.arr,
       c.burn_rate,
       c.runway_months,
       c.employees,
       c.funding_raised,
       c.sse_score,
       tokens.total_tokens,
       tokens.tokens_this_month
FROM auxeira.users AS u
CROSS JOIN tokens
LEFT JOIN auxeira.companies AS c ON c.user_id = u.id
LEFT JOIN LATERAL (
    SELECT m.company_valuation, m.mark_date
    FROM auxeira.valuation_marks AS m
    JOIN auxeira.investments AS i ON i.id = m.investment_id
    WHERE i.company_id = c.id
      AND m.company_valuation IS NOT NULL
    ORDER BY m.mark_date DESC, m.created_at DESC
    LIMIT 1
) AS mark ON true
WHERE u.id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_overview IS
    'GET /api/dashboard/startup/overview: one row per company of the current founder (one row '
    'with NULL company columns when the founder has none yet). latest_valuation = the latest '
    'valuation mark''s company_valuation (valuation_marks of any investment in the company) when '
    'its mark_date is later than the day the company row was last updated (or the company has '
    'no valuation), else companies.current_valuation; valuation_source says which. growth_rate '
    'is companies.growth_rate (annual, fraction). total_tokens = SUM(amount) of the founder''s '
    'token_transactions (signed, so it is the balance); tokens_this_month = the same over the '
    'current calendar month (session time zone). Fixes the specification''s query, which read '
    'valuation and growth from portfolio_metrics, a per-investor table without those columns.';
COMMENT ON COLUMN auxeira_dash.startup_overview.user_id IS 'The current founder (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_overview.company_id IS
    'The founder''s company (companies.id); NULL when they have none yet.';
COMMENT ON COLUMN auxeira_dash.startup_overview.company_name IS 'companies.name.';
COMMENT ON COLUMN auxeira_dash.startup_overview.industry IS 'companies.industry.';
COMMENT ON COLUMN auxeira_dash.startup_overview.stage IS
    'companies.stage (pre-seed ... series-c+).';
COMMENT ON COLUMN auxeira_dash.startup_overview.location IS 'companies.location.';
COMMENT ON COLUMN auxeira_dash.startup_overview.founded_date IS 'companies.founded_date.';
COMMENT ON COLUMN auxeira_dash.startup_overview.current_valuation IS
    'The company''s own valuation figure (companies.current_valuation).';
COMMENT ON COLUMN auxeira_dash.startup_overview.previous_valuation IS
    'companies.previous_valuation, the valuation before current_valuation.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_valuation IS
    'company_valuation of the latest valuation mark any investor recorded for the company; '
    'NULL = none.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_date IS 'mark_date of that mark.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_valuation IS
    'The mark''s valuation when newer than the company row''s last update (or the company has '
    'none), else current_valuation.';
COMMENT ON COLUMN auxeira_dash.startup_overview.valuation_source IS
    'Where latest_valuation comes from: company or valuation_mark; NULL without a company.';
COMMENT ON COLUMN auxeira_dash.startup_overview.growth_rate IS
    'companies.growth_rate: annual revenue growth as a fraction (0.25 = +25 %).';
COMMENT ON COLUMN auxeira_dash.startup_overview.mrr IS 'companies.mrr, monthly recurring revenue.';
COMMENT ON COLUMN auxeira_dash.startup_overview.arr IS 'companies.arr, annual recurring revenue.';
COMMENT ON COLUMN auxeira_dash.startup_overview.burn_rate IS
    'companies.burn_rate, monthly net burn.';
COMMENT ON COLUMN auxeira_dash.startup_overview.runway_months IS 'companies.runway_months.';
COMMENT ON COLUMN auxeira_dash.startup_overview.employees IS 'companies.employees.';
COMMENT ON COLUMN auxeira_dash.startup_overview.funding_raised IS 'companies.funding_raised.';
COMMENT ON COLUMN auxeira_dash.startup_overview.sse_score IS 'companies.sse_score, 0-100.';
COMMENT ON COLUMN auxeira_dash.startup_overview.total_tokens IS
    'SUM(amount) of the founder''s token transactions: the token balance.';
COMMENT ON COLUMN auxeira_dash.startup_overview.tokens_this_month IS
    'SUM(amount) of the founder''s token transactions this calendar month.';


-- SSE score breakdown. The components follow the SSE formula of the synthetic-data generator
-- (the specification's _calculate_sse_score(revenue, growth, runway)), so a seeded score is
-- explained by figures a founder can act on:
--   baseline    30 points for every scored company
--   traction    0-25: 6 x log10(1 + mrr / 1000)           (revenue scale)
--   growth      0-20: 20 x growth_rate                     (annual growth, 100 % = full marks)
--   efficiency  0-15: runway_months / 2 (30 months = full); a company that burns nothing
--               (burn_rate = 0) gets full marks
--   market_and_team  the rest: sse_score minus the four above. The generator adds the
--               industry's bias (market) and an assessment (team and execution) here; a
--               negative value means the figures alone would score higher.
-- Unknown figures score 0. estimated_score = the four figure-based components, capped at 100.

CREATE VIEW auxeira_dash.startup_sse_breakdown
WITH (security_invoker = true) AS
WITH figures AS (
    SELECT c.id AS company_id,
           c.sse_score,
           c.mrr,
           c.growth_rate,
           c.runway_months,
           c.burn_rate,
           30::numeric AS baseline,
           round(least(25, 6 * log(1 + coalesce(c.mrr, 0) / 1000)), 2) AS traction,
           round(least(20, greatest(0, 20 * coalesce(c.growth_rate, 0))), 2) AS growth,
           CASE
               WHEN c.burn_rate = 0 THEN 15::numeric
               ELSE round(least(15, coalesce(c.runway_months, 0) / 2.0), 2)
           END AS efficiency
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
)
SELECT f.company_id,
       x.ordinal,
       x.component,
       x.input_name,
       x.input_value,
       x.points,
       x.max_points,
       x.description
FROM figures AS f
CROSS JOIN LATERAL (
    VALUES
        (1, 'baseline', NULL::text, NULL::numeric, f.baseline, 30::numeric,
         'Every scored company starts at 30 points.'),
        (2, 'traction', 'mrr', f.mrr, f.traction, 25::numeric,
         'Revenue scale: 6 x log10(1 + MRR / 1000), at most 25.'),
        (3, 'growth', 'growth_rate', f.growth_rate, f.growth, 20::numeric,
         'Annual revenue growth: 20 x growth rate, 0 to 20 (100 % a year = 20).'),
        (4, 'efficiency', 'runway_months', f.runway_months::numeric, f.efficiency, 15::numeric,
         'Capital efficiency: runway months / 2, at most 15; no burn = 15.'),
        (5, 'market_and_team', 'sse_score', f.sse_score::numeric,
         f.sse_score - (f.baseline + f.traction + f.growth + f.efficiency), NULL::numeric,
         'The rest of the stored score: industry (market) bias and team assessment.')
) AS x (ordinal, component, input_name, input_value, points, max_points, description);

COMMENT ON VIEW auxeira_dash.startup_sse_breakdown IS
    'GET /api/dashboard/startup/sse-score (breakdown): five rows per company of the current '
    'founder, ordered by ordinal: baseline (30), traction (0-25 from MRR), growth (0-20 from '
    'growth_rate), efficiency (0-15 from runway) and market_and_team (the stored sse_score minus '
    'the other four; NULL when the company is not scored). The points of the five rows add up '
    'to sse_score. Formula in sql/views/startup.sql and docs/dashboards/startup.md.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.ordinal IS
    'Display order of the component, 1-5.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.component IS
    'baseline, traction, growth, efficiency or market_and_team.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_name IS
    'The companies column the component is computed from; NULL for baseline.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_value IS
    'That column''s value (unknown figures score 0).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.points IS
    'Points the component contributes; the five rows add up to sse_score. NULL for '
    'market_and_team when the company is not scored.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.max_points IS
    'Most points the component can give; NULL for market_and_team (a remainder, may be '
    'negative).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.description IS
    'How the points are computed, for display.';

CREATE VIEW auxeira_dash.startup_sse_history
WITH (security_invoker = true) AS
SELECT c.id AS company_id,
       h.ordinality::integer AS position,
       (h.entry ->> 'date')::date AS score_date,
       round((h.entry ->> 'score')::numeric)::integer AS score
FROM auxeira.companies AS c
CROSS JOIN LATERAL jsonb_array_elements(c.sse_score_history)
    WITH ORDINALITY AS h (entry, ordinality)
WHERE c.user_id = auxeira.current_user_id()
  AND jsonb_typeof(h.entry) = 'object'
  AND jsonb_typeof(h.entry -> 'score') = 'number'
  AND (h.entry ->> 'date') ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

COMMENT ON VIEW auxeira_dash.startup_sse_history IS
    'GET /api/dashboard/startup/sse-score (history): the elements of companies.sse_score_history '
    'of the current founder''s companies, one row per {"date": "YYYY-MM-DD", "score": N} '
    'element, in array order (position, 1-based). Elements of another shape are skipped.';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.position IS
    '1-based position of the element in sse_score_history (oldest first).';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.score_date IS 'The element''s date.';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.score IS
    'The element''s score, rounded to a whole number.';

CREATE VIEW auxeira_dash.startup_sse_score
WITH (security_invoker = true) AS
SELECT c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       c.sse_score,
       b.explained_points,
       least(100, round(b.explained_points))::integer AS estimated_score,
       b.unexplained_points,
       coalesce(h.history_points, 0) AS history_points,
       h.first_score,
       h.best_score,
       h.worst_score
FROM auxeira.companies AS c
JOIN LATERAL (
    SELECT sum(x.points) FILTER (WHERE x.component <> 'market_and_team') AS explained_points,
           sum(x.points) FILTER (WHERE x.component = 'market_and_team') AS unexplained_points
    FROM auxeira_dash.startup_sse_breakdown AS x
    WHERE x.company_id = c.id
) AS b ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS history_points,
           (array_agg(s.score ORDER BY s.position))[1] AS first_score,
           max(s.score) AS best_score,
           min(s.score) AS worst_score
    FROM auxeira_dash.startup_sse_history AS s
    WHERE s.company_id = c.id
) AS h ON true
WHERE c.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_sse_score IS
    'GET /api/dashboard/startup/sse-score (headline): per company of the current founder, the '
    'stored sse_score, the points its figures explain (baseline + traction + growth + '
    'efficiency, see startup_sse_breakdown), estimated_score (those points, capped at 100: what '
    'the figures alone would score), unexplained_points (market_and_team) and a summary of '
    'sse_score_history (points, first, best, worst).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_name IS 'companies.name.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.industry IS 'companies.industry.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.stage IS 'companies.stage.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.sse_score IS
    'The stored SSE score, 0-100; NULL = not scored.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.explained_points IS
    'baseline + traction + growth + efficiency points (startup_sse_breakdown).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.estimated_score IS
    'explained_points rounded and capped at 100: what the figures alone score.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.unexplained_points IS
    'sse_score minus explained_points (the market_and_team component).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.history_points IS
    'Number of usable elements in sse_score_history.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.first_score IS
    'Score of the oldest history element.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.best_score IS 'Highest score in the history.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.worst_score IS 'Lowest score in the history.';


CREATE VIEW auxeira_dash.startup_token_balance
WITH (security_invoker = true) AS
SELECT u.id AS user_id,
       coalesce(t.balance, 0) AS balance,
       coalesce(t.credited, 0) AS credited,
       coalesce(t.debited, 0) AS debited,
       coalesce(t.this_month, 0) AS tokens_this_month,
       coalesce(t.transactions, 0) AS transactions,
       t.last_transaction_at
FROM auxeira.users AS u
LEFT JOIN LATERAL (
    SELECT sum(x.amount)::bigint AS balance,
           coalesce(sum(x.amount) FILTER (WHERE x.amount > 0), 0)::bigint AS credited,
           coalesce(-sum(x.amount) FILTER (WHERE x.amount < 0), 0)::bigint AS debited,
           coalesce(sum(x.amount) FILTER (
               WHERE x.created_at >= date_trunc('month', now())
           ), 0)::bigint AS this_month,
           count(*) AS transactions,
           max(x.created_at) AS last_transaction_at
    FROM auxeira.token_transactions AS x
    WHERE x.user_id = u.id
) AS t ON true
WHERE u.id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_token_balance IS
    'GET /api/dashboard/startup/tokens (balance): one row for the current user: balance = '
    'SUM(amount) of their token_transactions (amount is signed), credited = sum of positive '
    'amounts (earned, bonus), debited = minus the sum of negative amounts (spent, penalty), '
    'tokens_this_month = SUM(amount) this calendar month, transactions = row count.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.user_id IS 'The current user (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.balance IS
    'SUM(amount) of all their token transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.credited IS
    'Sum of the positive amounts (earned, bonus).';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.debited IS
    'Minus the sum of the negative amounts (spent, penalty), as a positive number.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.tokens_this_month IS
    'SUM(amount) of this calendar month''s transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.transactions IS
    'Number of token transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.last_transaction_at IS
    'created_at of the newest transaction; NULL = none.';

CREATE FUNCTION auxeira_dash.startup_token_transactions(
    page_size integer DEFAULT 50,
    before_created_at timestamptz DEFAULT NULL,
    before_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        id uuid,
        transaction_type varchar,
        amount integer,
        balance_after bigint,
        multiplier numeric,
        reason varchar,
        activity_type varchar,
        streak_count integer,
        quality_score integer,
        created_at timestamptz
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF page_size IS NULL OR page_size NOT BETWEEN 1 AND 500 THEN
        RAISE EXCEPTION 'page_size must be between 1 and 500, got %', page_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF before_id IS NOT NULL AND before_created_at IS NULL THEN
        RAISE EXCEPTION 'before_id needs before_created_at (the cursor is both values of the '
                        'last row of the previous page)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH ledger AS (
        SELECT t.id, t.transaction_type, t.amount,
               sum(t.amount) OVER (ORDER BY t.created_at, t.id)::bigint AS balance_after,
               t.multiplier, t.reason, t.activity_type, t.streak_count, t.quality_score,
               t.created_at
        FROM auxeira.token_transactions AS t
        WHERE t.user_id = auxeira.current_user_id()
    )
    SELECT l.id, l.transaction_type, l.amount, l.balance_after, l.multiplier, l.reason,
           l.activity_type, l.streak_count, l.quality_score, l.created_at
    FROM ledger AS l
    WHERE startup_token_transactions.before_created_at IS NULL
       OR l.created_at < startup_token_transactions.before_created_at
       OR (l.created_at = startup_token_transactions.before_created_at
           AND startup_token_transactions.before_id IS NOT NULL
           AND l.id < startup_token_transactions.before_id)
    ORDER BY l.created_at DESC, l.id DESC
    LIMIT startup_token_transactions.page_size;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_token_transactions(integer, timestamptz, uuid) IS
    'GET /api/dashboard/startup/tokens (transactions): the current user''s token transactions, '
    'newest first, page_size (1-500, default 50) at a time. Keyset paging: pass the created_at '
    'and id of the last row of a page as before_created_at and before_id to get the next page '
    '(before_created_at alone: rows strictly older). balance_after is the running SUM(amount) '
    'up to and including the row, in ledger order (created_at, id).';


CREATE VIEW auxeira_dash.startup_actions_today
WITH (security_invoker = true) AS
SELECT a.id,
       a.company_id,
       c.name AS company_name,
       a.action_date,
       a.action_type,
       a.title,
       a.description,
       a.status,
       a.target_count,
       a.completed_count,
       a.progress,
       a.token_reward,
       a.completed_at
FROM auxeira.founder_daily_actions AS a
LEFT JOIN auxeira.companies AS c ON c.id = a.company_id
WHERE a.user_id = auxeira.current_user_id()
  AND a.action_date = CURRENT_DATE;

COMMENT ON VIEW auxeira_dash.startup_actions_today IS
    'GET /api/dashboard/startup/actions (today): the current founder''s daily actions for '
    'today (CURRENT_DATE in the session time zone) with status and progress (percent).';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.id IS 'founder_daily_actions.id.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.company_id IS
    'The company the action concerns; NULL = none in particular.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.company_name IS
    'companies.name of that company.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.action_date IS 'Today.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.action_type IS
    'founder_daily_actions.action_type.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.title IS 'Text shown to the founder.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.description IS
    'Longer explanation; NULL = none.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.status IS
    'pending, in_progress, completed or skipped.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.target_count IS
    'Units that complete the action.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.completed_count IS 'Units done so far.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.progress IS 'Percent done, 0-100.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.token_reward IS
    'Tokens the action earns when completed.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.completed_at IS
    'When it was completed; NULL = not yet.';

CREATE VIEW auxeira_dash.startup_action_progress
WITH (security_invoker = true) AS
WITH mine AS (
    SELECT a.action_date, a.status, a.progress, a.token_reward
    FROM auxeira.founder_daily_actions AS a
    WHERE a.user_id = auxeira.current_user_id()
      AND a.action_date <= CURRENT_DATE
),
done_days AS (
    SELECT DISTINCT m.action_date FROM mine AS m WHERE m.status = 'completed'
),
runs AS (
    SELECT max(i.action_date) AS last_day, count(*)::integer AS days
    FROM (
        SELECT d.action_date,
               d.action_date - (row_number() OVER (ORDER BY d.action_date))::integer AS island
        FROM done_days AS d
    ) AS i
    GROUP BY i.island
)
SELECT u.id AS user_id,
       count(m.*) FILTER (WHERE m.action_date = CURRENT_DATE)::integer AS actions_today,
       count(m.*) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status = 'completed'
       )::integer AS completed_today,
       coalesce(round(avg(m.progress) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status <> 'skipped'
       )), 0)::integer AS progress_today,
       coalesce(sum(m.token_reward) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status = 'completed'
       ), 0)::integer AS tokens_earned_today,
       coalesce(sum(m.token_reward) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status IN ('pending', 'in_progress')
       ), 0)::integer AS tokens_open_today,
       coalesce((SELECT r.days FROM runs AS r WHERE r.last_day >= CURRENT_DATE - 1), 0)
           AS current_streak_days,
       coalesce((SELECT max(r.days) FROM runs AS r), 0) AS longest_streak_days,
       count(m.*) FILTER (
           WHERE m.status = 'completed' AND m.action_date > CURRENT_DATE - 7
       )::integer AS completed_last_7_days,
       count(m.*) FILTER (
           WHERE m.status = 'completed' AND m.action_date > CURRENT_DATE - 30
       )::integer AS completed_last_30_days
FROM auxeira.users AS u
LEFT JOIN mine AS m ON true
WHERE u.id = auxeira.current_user_id()
GROUP BY u.id;

COMMENT ON VIEW auxeira_dash.startup_action_progress IS
    'GET /api/dashboard/startup/actions (progress): one row for the current founder. Today: '
    'actions, completed, progress_today = mean progress (percent) of today''s actions not '
    'skipped, tokens earned (completed) and still open (pending, in progress). '
    'current_streak_days = consecutive days with at least one completed action ending today, '
    'or yesterday when nothing is completed yet today (0 otherwise); longest_streak_days = the '
    'longest such run ever. completed_last_7_days / _30_days count completed actions dated in '
    'the last 7 / 30 days including today.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.user_id IS 'The current founder (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.actions_today IS
    'Number of actions dated today.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_today IS 'Of them, completed.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.progress_today IS
    'Mean progress (percent) of today''s actions that are not skipped; 0 when none.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.tokens_earned_today IS
    'token_reward of today''s completed actions.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.tokens_open_today IS
    'token_reward of today''s pending and in-progress actions.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.current_streak_days IS
    'Consecutive days with a completed action, ending today or yesterday; 0 otherwise.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.longest_streak_days IS
    'Longest such run of days ever.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_last_7_days IS
    'Completed actions dated in the last 7 days, today included.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_last_30_days IS
    'Completed actions dated in the last 30 days, today included.';


CREATE FUNCTION auxeira_dash.startup_log_interview(
    company_id uuid,
    interview_date date,
    interviewee_role text,
    problem_validated boolean,
    willingness_to_pay text DEFAULT 'unknown',
    segment text DEFAULT NULL,
    channel text DEFAULT 'video',
    pain_level integer DEFAULT NULL,
    price_point numeric DEFAULT NULL,
    notes text DEFAULT NULL
)
    RETURNS auxeira.customer_interviews
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    role_text text := nullif(btrim(interviewee_role), '');
    segment_text text := nullif(btrim(segment), '');
    written auxeira.customer_interviews;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company_id IS NULL OR NOT auxeira.owns_company(company_id) THEN
        RAISE EXCEPTION 'company % is not one of your companies', company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF interview_date IS NULL OR interview_date > CURRENT_DATE
       OR interview_date < DATE '2000-01-01' THEN
        RAISE EXCEPTION 'interview_date must be a past day (2000-01-01 to today), got %',
            interview_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF role_text IS NULL OR length(role_text) > 100 THEN
        RAISE EXCEPTION 'interviewee_role is required (1-100 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF segment_text IS NOT NULL AND length(segment_text) > 100 THEN
        RAISE EXCEPTION 'segment is at most 100 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF problem_validated IS NULL THEN
        RAISE EXCEPTION 'problem_validated is required (true or false)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF willingness_to_pay IS NULL
       OR willingness_to_pay NOT IN ('none', 'low', 'medium', 'high', 'unknown') THEN
        RAISE EXCEPTION 'willingness_to_pay must be none, low, medium, high or unknown, got %',
            coalesce(willingness_to_pay, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF channel IS NULL OR channel NOT IN ('in_person', 'video', 'phone', 'survey', 'other') THEN
        RAISE EXCEPTION 'channel must be in_person, video, phone, survey or other, got %',
            coalesce(channel, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pain_level IS NOT NULL AND pain_level NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'pain_level must be between 1 and 5, got %', pain_level
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF price_point IS NOT NULL AND (price_point < 0 OR price_point >= 1e10) THEN
        RAISE EXCEPTION 'price_point must be >= 0 (currency units per month), got %', price_point
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(notes) > 20000 THEN
        RAISE EXCEPTION 'notes are at most 20000 characters, got %', length(notes)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.customer_interviews (
        company_id, user_id, interview_date, interviewee_role, segment, channel,
        problem_validated, pain_level, willingness_to_pay, price_point, notes)
    VALUES (
        startup_log_interview.company_id, me, startup_log_interview.interview_date, role_text,
        segment_text, startup_log_interview.channel, startup_log_interview.problem_validated,
        startup_log_interview.pain_level, startup_log_interview.willingness_to_pay,
        startup_log_interview.price_point, startup_log_interview.notes)
    RETURNING * INTO written;

    -- Logging an interview progresses today's customer_interview action of that company.
    UPDATE auxeira.founder_daily_actions AS a
    SET completed_count = a.completed_count + 1,
        status = CASE WHEN a.completed_count + 1 >= a.target_count
                      THEN 'completed' ELSE 'in_progress' END,
        completed_at = CASE WHEN a.completed_count + 1 >= a.target_count
                            THEN coalesce(a.completed_at, now()) END
    WHERE a.user_id = me
      AND a.action_date = CURRENT_DATE
      AND a.action_type = 'customer_interview'
      AND a.status <> 'skipped'
      AND (a.company_id IS NULL OR a.company_id = written.company_id);

    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_log_interview(
    uuid, date, text, boolean, text, text, text, integer, numeric, text) IS
    'POST /api/dashboard/startup/interview: logs a customer interview for one of the current '
    'founder''s companies and returns the row. Validates every value (company owned by the '
    'caller; date from 2000-01-01 to today; role 1-100 characters; willingness_to_pay none, '
    'low, medium, high or unknown; channel in_person, video, phone, survey or other; pain_level '
    '1-5; price_point >= 0; notes <= 20000 characters) and raises invalid_parameter_value '
    'otherwise. Also progresses today''s customer_interview daily action of that company (or '
    'of no company). SECURITY INVOKER: row-level security checks the insert.';


CREATE FUNCTION auxeira_dash.startup_record_evidence(
    company_id uuid,
    evidence_kind text,
    title text,
    file_uri text,
    file_sha256 text,
    size_bytes bigint,
    media_type text DEFAULT NULL,
    interview_id uuid DEFAULT NULL,
    note text DEFAULT NULL
)
    RETURNS auxeira.startup_evidence
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    title_text text := nullif(btrim(title), '');
    hash text := lower(btrim(file_sha256));
    mime text := lower(nullif(btrim(media_type), ''));
    written auxeira.startup_evidence;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company_id IS NULL OR NOT auxeira.owns_company(company_id) THEN
        RAISE EXCEPTION 'company % is not one of your companies', company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF evidence_kind IS NULL OR evidence_kind NOT IN (
        'customer_interview', 'traction', 'financial', 'product', 'legal', 'team',
        'market_research', 'other') THEN
        RAISE EXCEPTION 'evidence_kind must be customer_interview, traction, financial, '
                        'product, legal, team, market_research or other, got %',
            coalesce(evidence_kind, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF title_text IS NULL OR length(title_text) > 255 THEN
        RAISE EXCEPTION 'title is required (1-255 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF file_uri IS NULL OR length(file_uri) > 1000
       OR file_uri !~ '^[a-z][a-z0-9+.-]*://[^[:space:]]+$' THEN
        RAISE EXCEPTION 'file_uri must be a URI with a scheme and no spaces (e.g. '
                        's3://bucket/key), at most 1000 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF hash IS NULL OR hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'file_sha256 must be the SHA-256 of the file as 64 hexadecimal digits'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF size_bytes IS NULL OR size_bytes <= 0 THEN
        RAISE EXCEPTION 'size_bytes must be > 0, got %', coalesce(size_bytes::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mime IS NOT NULL AND (length(mime) > 255
       OR mime !~ '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$') THEN
        RAISE EXCEPTION 'media_type must be a MIME type such as application/pdf, got %', mime
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF interview_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM auxeira.customer_interviews AS i
        WHERE i.id = startup_record_evidence.interview_id
          AND i.company_id = startup_record_evidence.company_id) THEN
        RAISE EXCEPTION 'interview % is not an interview of company %', interview_id, company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(note) > 5000 THEN
        RAISE EXCEPTION 'note is at most 5000 characters, got %', length(note)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.startup_evidence (
        company_id, user_id, interview_id, evidence_kind, title, file_uri, file_sha256,
        size_bytes, media_type, note)
    VALUES (
        startup_record_evidence.company_id, me, startup_record_evidence.interview_id,
        startup_record_evidence.evidence_kind, title_text, startup_record_evidence.file_uri,
        hash, startup_record_evidence.size_bytes, mime, startup_record_evidence.note)
    ON CONFLICT (company_id, file_sha256) DO NOTHING
    RETURNING * INTO written;

    IF written.id IS NULL THEN
        -- The same file (hash) is already recorded for this company: return that record.
        SELECT * INTO STRICT written
        FROM auxeira.startup_evidence AS e
        WHERE e.company_id = startup_record_evidence.company_id AND e.file_sha256 = hash;
        RETURN written;
    END IF;

    -- Recording evidence progresses today's evidence_upload action of that company.
    UPDATE auxeira.founder_daily_actions AS a
    SET completed_count = a.completed_count + 1,
        status = CASE WHEN a.completed_count + 1 >= a.target_count
                      THEN 'completed' ELSE 'in_progress' END,
        completed_at = CASE WHEN a.completed_count + 1 >= a.target_count
                            THEN coalesce(a.completed_at, now()) END
    WHERE a.user_id = me
      AND a.action_date = CURRENT_DATE
      AND a.action_type = 'evidence_upload'
      AND a.status <> 'skipped'
      AND (a.company_id IS NULL OR a.company_id = written.company_id);

    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_record_evidence(
    uuid, text, text, text, text, bigint, text, uuid, text) IS
    'POST /api/dashboard/startup/evidence: records evidence for one of the current founder''s '
    'companies as a file reference (file_uri) and the SHA-256 of its bytes (64 hexadecimal '
    'digits, stored lower-cased), never the bytes, and returns the row. Validates every value '
    '(company owned by the caller; kind; title 1-255 characters; URI with a scheme; hash; '
    'size > 0; MIME type; interview of the same company; note <= 5000 characters) and raises '
    'invalid_parameter_value otherwise. Idempotent per file: the same hash for the same '
    'company returns the existing record unchanged. A new record progresses today''s '
    'evidence_upload daily action. SECURITY INVOKER: row-level security checks the insert.';

-- ===== from sql/views/vc.sql =====

-- The venture-capital dashboard (/api/dashboard/vc/...): one object per endpoint in schema
-- auxeira_dash, the materialized view behind the performance analytics in auxeira_mv, the
-- write functions, and the triggers of the dashboard (they live here, not beside the tables,
-- because their trigger functions load after sql/schema). Grants: sql/security/230_vc.sql.
--
--   GET  /api/dashboard/vc/portfolio           auxeira_dash.vc_portfolio, vc_portfolio_totals
--   GET  /api/dashboard/vc/deals               auxeira_dash.vc_deals, vc_deal_stages
--   GET  /api/dashboard/vc/performance         auxeira_dash.vc_performance(by)
--                                              over auxeira_mv.vc_performance
--   POST /api/dashboard/vc/investment          auxeira_dash.vc_log_investment(...)
--   GET  /api/dashboard/vc/lp-report           auxeira_dash.vc_lp_report_funds(as_of),
--                                              vc_lp_report_schedule(fund, as_of)
--   POST /api/dashboard/vc/lp-report/purchase  auxeira_dash.vc_purchase_lp_report(...)
--
-- Figures (MOIC, TVPI, DPI, IRR, residual value) are those of sql/functions/
-- 040_performance.sql, as of the current date.

-- Triggers ------------------------------------------------------------------------------------

CREATE TRIGGER update_deals_updated_at
    BEFORE UPDATE ON auxeira.deals
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_deals_updated_at ON auxeira.deals IS
    'Stamps deals.updated_at with now() on every UPDATE.';

CREATE TRIGGER notify_vc_deals
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.deals
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_deals ON auxeira.deals IS
    'NOTIFY auxeira_vc: the investor''s deal flow changed.';

CREATE TRIGGER notify_vc_lp_report_purchases
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.lp_report_purchases
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'buyer_id');

COMMENT ON TRIGGER notify_vc_lp_report_purchases ON auxeira.lp_report_purchases IS
    'NOTIFY auxeira_vc: a premium LP report was bought.';

CREATE TRIGGER notify_vc_investments
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_investments ON auxeira.investments IS
    'NOTIFY auxeira_vc: an investment of the investor changed (portfolio, performance, LP '
    'report).';

CREATE TRIGGER notify_vc_portfolio_metrics
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.portfolio_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_portfolio_metrics ON auxeira.portfolio_metrics IS
    'NOTIFY auxeira_vc: a portfolio snapshot of the investor was written.';

CREATE TRIGGER notify_vc_investment_cash_flows
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investment_cash_flows
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('vc');

COMMENT ON TRIGGER notify_vc_investment_cash_flows ON auxeira.investment_cash_flows IS
    'NOTIFY auxeira_vc for the investor of the flow''s investment: its figures changed.';

CREATE TRIGGER notify_vc_valuation_marks
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.valuation_marks
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('vc');

COMMENT ON TRIGGER notify_vc_valuation_marks ON auxeira.valuation_marks IS
    'NOTIFY auxeira_vc for the investor of the marked investment: its value changed.';

-- GET /api/dashboard/vc/portfolio -------------------------------------------------------------

CREATE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
           f.name AS fund_name,
           p.investment_date,
           p.status,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio IS
    'GET /api/dashboard/vc/portfolio (holdings): one row per investment of the current user, '
    'as of today: company, industry, company stage now and round at entry, fund, status, '
    'invested, value (residual value: latest mark, else cost; 0 after an exit or write-off), '
    'MOIC, TVPI, DPI, IRR (XIRR, NULL when undefined) and the realised / paper split. '
    'security_invoker: row-level security applies to the reader.';

CREATE VIEW auxeira_dash.vc_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.rvpi,
           t.irr,
           t.realized_return,
           t.paper_return,
           snap.metric_date AS snapshot_date,
           snap.unicorn_count,
           snap.top_quartile_count
    FROM auxeira.portfolio_performance(CURRENT_DATE) AS t
    LEFT JOIN LATERAL (
        SELECT m.metric_date, m.unicorn_count, m.top_quartile_count
        FROM auxeira.portfolio_metrics AS m
        WHERE m.investor_id = t.investor_id
        ORDER BY m.metric_date DESC
        LIMIT 1
    ) AS snap ON true
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio_totals IS
    'GET /api/dashboard/vc/portfolio (totals): the current user''s portfolio as of today, one '
    'row (none without investments): counts by status, invested, value, MOIC, TVPI, DPI, RVPI, '
    'the pooled IRR of all flows, and the unicorn and top-quartile counts of the latest '
    'portfolio_metrics snapshot (NULL when never snapshotted).';

-- GET /api/dashboard/vc/deals -----------------------------------------------------------------

CREATE VIEW auxeira_dash.vc_deals WITH (security_invoker = true) AS
    SELECT d.id AS deal_id,
           d.company_id,
           d.company_name,
           d.industry,
           d.investment_round,
           d.stage,
           array_position(
               ARRAY['sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed'],
               d.stage::text) AS stage_rank,
           d.ask_amount,
           d.pre_money_valuation,
           d.sourced_on,
           d.expected_close_on,
           d.decided_on,
           coalesce(d.decided_on, CURRENT_DATE) - d.sourced_on AS days_in_pipeline,
           d.owner_name,
           d.source,
           d.fund_id,
           d.investment_id,
           d.updated_at
    FROM auxeira.deals AS d
    WHERE d.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_deals IS
    'GET /api/dashboard/vc/deals (pipeline): the current user''s deals with their stage '
    '(stage_rank 1 = sourced ... 5 = closed, 6 = passed), ask, valuation, dates, owner and '
    'days_in_pipeline (from sourced_on to the decision, or to today while undecided).';

CREATE VIEW auxeira_dash.vc_deal_stages WITH (security_invoker = true) AS
    SELECT s.stage,
           s.stage_rank,
           count(d.id) AS deals,
           coalesce(sum(d.ask_amount), 0) AS total_ask
    FROM unnest(ARRAY['sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed'])
         WITH ORDINALITY AS s(stage, stage_rank)
    LEFT JOIN auxeira.deals AS d
           ON d.stage = s.stage AND d.investor_id = auxeira.current_user_id()
    GROUP BY s.stage, s.stage_rank;

COMMENT ON VIEW auxeira_dash.vc_deal_stages IS
    'GET /api/dashboard/vc/deals (funnel): one row per pipeline stage, in pipeline order, with '
    'the number of the current user''s deals in it and their total ask (0 when none).';

-- GET /api/dashboard/vc/performance -----------------------------------------------------------

CREATE MATERIALIZED VIEW auxeira_mv.vc_performance AS
    WITH perf AS (
        SELECT p.*, i.investment_round, c.industry, f.name AS fund_name
        FROM auxeira.investment_performance(CURRENT_DATE) AS p
        JOIN auxeira.investments AS i ON i.id = p.investment_id
        LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
        LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    ),
    grouped AS (
        SELECT perf.*, g.dimension, g.group_key, g.group_label
        FROM perf
        CROSS JOIN LATERAL (
            VALUES
                ('fund', coalesce(perf.fund_id::text, 'direct'),
                 coalesce(perf.fund_name::text, 'Direct investments')),
                ('vintage', extract(year FROM perf.investment_date)::text,
                 extract(year FROM perf.investment_date)::text),
                ('stage', coalesce(perf.investment_round::text, 'unknown'),
                 coalesce(perf.investment_round::text, 'unknown')),
                ('industry', coalesce(perf.industry::text, 'unknown'),
                 coalesce(perf.industry::text, 'unknown'))
        ) AS g(dimension, group_key, group_label)
    ),
    pooled AS (
        SELECT g.investor_id, g.dimension, g.group_key,
               auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM grouped AS g
        JOIN auxeira.investment_flow_series(CURRENT_DATE) AS s
          ON s.investment_id = g.investment_id
        GROUP BY g.investor_id, g.dimension, g.group_key
    )
    SELECT g.investor_id,
           g.dimension,
           g.group_key,
           max(g.group_label) AS group_label,
           count(*) AS investments,
           count(DISTINCT g.company_id) AS companies,
           sum(g.invested) AS invested,
           sum(g.fees) AS fees,
           sum(g.paid_in) AS paid_in,
           sum(g.distributed) AS distributed,
           sum(g.residual_value) AS residual_value,
           sum(g.total_value) AS total_value,
           round(sum(g.total_value) / NULLIF(sum(g.invested), 0), 6) AS moic,
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS tvpi,
           round(sum(g.distributed) / NULLIF(sum(g.paid_in), 0), 6) AS dpi,
           round(sum(g.residual_value) / NULLIF(sum(g.paid_in), 0), 6) AS rvpi,
           max(pooled.irr) AS irr,
           CURRENT_DATE AS as_of
    FROM grouped AS g
    LEFT JOIN pooled
           ON pooled.investor_id = g.investor_id
          AND pooled.dimension = g.dimension
          AND pooled.group_key = g.group_key
    GROUP BY g.investor_id, g.dimension, g.group_key;

CREATE UNIQUE INDEX vc_performance_investor_id_dimension_group_key_key
    ON auxeira_mv.vc_performance (investor_id, dimension, group_key);

COMMENT ON MATERIALIZED VIEW auxeira_mv.vc_performance IS
    'Portfolio performance of every investor grouped four ways (dimension fund, vintage = '
    'year of the investment date, stage = round at entry, industry = the company''s), as of '
    'the day of the last refresh: sums of invested, paid-in, distributed and residual value, '
    'MOIC, TVPI, DPI, RVPI and the pooled IRR (auxeira.xirr over all flows of the group). '
    'Every tenant''s rows: read only through auxeira_dash.vc_performance().';
COMMENT ON COLUMN auxeira_mv.vc_performance.investor_id IS 'The investor (users.id).';
COMMENT ON COLUMN auxeira_mv.vc_performance.dimension IS
    'How the group is formed: fund, vintage, stage or industry.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_key IS
    'The group within the dimension: the fund id (or direct for investments outside a fund), '
    'the vintage year, the round (pre-seed ... series-c+) or the industry; unknown when the '
    'attribute is missing.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_label IS
    'Display name of the group: the fund name (Direct investments), else the group key.';
COMMENT ON COLUMN auxeira_mv.vc_performance.investments IS 'Investments in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.companies IS 'Distinct companies in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.invested IS 'Contributions and follow-ons paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.fees IS 'Deal fees paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.paid_in IS 'invested + fees.';
COMMENT ON COLUMN auxeira_mv.vc_performance.distributed IS 'Cash received.';
COMMENT ON COLUMN auxeira_mv.vc_performance.residual_value IS
    'Value still held: latest marks, else cost; 0 after exit or write-off.';
COMMENT ON COLUMN auxeira_mv.vc_performance.total_value IS 'distributed + residual_value.';
COMMENT ON COLUMN auxeira_mv.vc_performance.moic IS
    'total_value / invested (gross of fees); NULL when nothing was invested.';
COMMENT ON COLUMN auxeira_mv.vc_performance.tvpi IS 'total_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.dpi IS 'distributed / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.rvpi IS 'residual_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.irr IS
    'Pooled IRR of the group''s dated flows with the residual value as a final inflow, as an '
    'annual fraction; NULL when no rate exists.';
COMMENT ON COLUMN auxeira_mv.vc_performance.as_of IS
    'The date the figures are as of: the day of the refresh.';
COMMENT ON INDEX auxeira_mv.vc_performance_investor_id_dimension_group_key_key IS
    'One row per investor, dimension and group; lets REFRESH ... CONCURRENTLY run and serves '
    'the per-investor read of auxeira_dash.vc_performance().';

CREATE FUNCTION auxeira_dash.vc_performance(by text DEFAULT NULL)
    RETURNS TABLE (
        dimension text,
        group_key text,
        group_label text,
        investments bigint,
        companies bigint,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        as_of date
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.dimension, m.group_key, m.group_label, m.investments, m.companies, m.invested,
           m.fees, m.paid_in, m.distributed, m.residual_value, m.total_value, m.moic, m.tvpi,
           m.dpi, m.rvpi, m.irr, m.as_of
    FROM auxeira_mv.vc_performance AS m
    WHERE m.investor_id = auxeira.current_user_id()
      AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
    ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
             m.group_label
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset.';

-- GET /api/dashboard/vc/lp-report -------------------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_lp_report_funds(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        vintage_year integer,
        committed_capital numeric,
        investments bigint,
        invested numeric,
        deal_fees numeric,
        fund_fees numeric,
        carried_interest numeric,
        paid_in numeric,
        gross_distributed numeric,
        net_distributed numeric,
        residual_value numeric,
        gross_moic numeric,
        gross_tvpi numeric,
        net_tvpi numeric,
        net_dpi numeric,
        net_rvpi numeric,
        gross_irr double precision,
        net_irr double precision,
        unfunded_commitment numeric,
        premium_purchased boolean
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.fund_id, p.fund_name, p.vintage_year, p.committed_capital, p.investments,
           p.invested, p.deal_fees, p.fund_fees, p.carried_interest, p.paid_in,
           p.gross_distributed, p.net_distributed, p.residual_value, p.gross_moic,
           p.gross_tvpi, p.net_tvpi, p.net_dpi, p.net_rvpi, p.gross_irr, p.net_irr,
           p.unfunded_commitment,
           EXISTS (SELECT FROM auxeira.lp_report_purchases AS b
                   WHERE b.fund_id = p.fund_id AND b.buyer_id = auxeira.current_user_id())
    FROM auxeira.fund_performance(vc_lp_report_funds.as_of) AS p
    WHERE p.manager_id = auxeira.current_user_id()
    ORDER BY p.vintage_year, p.fund_name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_funds(date) IS
    'GET /api/dashboard/vc/lp-report (fund summary): each fund the current user manages, as '
    'of a date (default today): gross and net figures of auxeira.fund_performance() (paid-in, '
    'distributions before and after carry, residual value, MOIC, TVPI, DPI, RVPI, IRR, '
    'unfunded commitment) and whether its premium LP report was bought. SECURITY INVOKER: '
    'row-level security limits it to the caller''s funds.';

CREATE FUNCTION auxeira_dash.vc_lp_report_schedule(
    fund uuid DEFAULT NULL, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        investment_id uuid,
        company_id uuid,
        company_name varchar,
        industry varchar,
        investment_round varchar,
        investment_date date,
        status varchar,
        invested numeric,
        fees numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        irr double precision
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.id, f.name, p.investment_id, p.company_id, c.name, c.industry, i.investment_round,
           p.investment_date, p.status, p.invested, p.fees, p.distributed, p.residual_value,
           p.total_value, p.moic, p.tvpi, p.irr
    FROM auxeira.investment_performance(vc_lp_report_schedule.as_of) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    JOIN auxeira.funds AS f ON f.id = p.fund_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND p.investor_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date) IS
    'GET /api/dashboard/vc/lp-report (schedule of investments): every investment of the '
    'current user''s funds (or of one fund), as of a date: company, round, date, status, '
    'invested, fees, distributed, residual value, MOIC, TVPI and IRR. SECURITY INVOKER.';

-- POST /api/dashboard/vc/investment -----------------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_log_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    lead boolean DEFAULT false,
    board boolean DEFAULT false,
    deal uuid DEFAULT NULL,
    note text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        cash_flow_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        investment_round varchar,
        amount numeric,
        equity_percentage numeric,
        pre_money_valuation numeric,
        post_money_valuation numeric,
        investment_date date,
        status varchar
    )
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    pre numeric := pre_money;
    post numeric := post_money;
    stake numeric := equity;
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested IS NULL OR invested <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(invested::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', fund
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + invested THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, invested
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - invested;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, invested
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + invested;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - invested / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(invested / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(invested / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', invested, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, fund_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date, lead_investor,
            board_seat)
        VALUES (me, company, fund, funding_round, invested, stake, pre, post, invested_on,
                coalesce(lead, false), coalesce(board, false))
        RETURNING i.id INTO new_investment;
    EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'investments_company_id_fkey' THEN
            RAISE EXCEPTION 'company % does not exist', company
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    END;

    INSERT INTO auxeira.investment_cash_flows AS cf (investment_id, flow_date, flow_type, amount,
                                                    note)
    VALUES (new_investment, invested_on, 'contribution', invested,
            coalesce(note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    IF deal IS NOT NULL THEN
        UPDATE auxeira.deals AS d
        SET stage = 'closed', decided_on = invested_on, investment_id = new_investment
        WHERE d.id = deal AND d.investor_id = me;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'deal % is not in your pipeline', deal
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    RETURN QUERY
        SELECT i.id, new_flow, i.investor_id, i.company_id, i.fund_id, i.investment_round,
               i.amount, i.equity_percentage, i.pre_money_valuation, i.post_money_valuation,
               i.investment_date, i.status
        FROM auxeira.investments AS i
        WHERE i.id = new_investment;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_log_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text) IS
    'POST /api/dashboard/vc/investment: records an investment of the current user and its '
    'first cash flow (a contribution of the amount on the investment date) in one call. '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, a fund the caller does not manage, post-money <> pre-money + amount, '
    'equity <> amount / post-money (when valuations are given, equity is derived from them), '
    'a deal not in the caller''s pipeline. With deal, that deal moves to closed and links the '
    'investment. Returns the investment and the cash flow id. SECURITY INVOKER.';

-- POST /api/dashboard/vc/lp-report/purchase ---------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_purchase_lp_report(
    fund uuid,
    reference text,
    paid_amount numeric,
    paid_currency text DEFAULT 'USD',
    provider text DEFAULT 'stripe')
    RETURNS auxeira.lp_report_purchases
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    purchase auxeira.lp_report_purchases;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF reference IS NULL OR btrim(reference) = '' THEN
        RAISE EXCEPTION 'payment reference is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF paid_amount IS NULL OR paid_amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)',
            coalesce(paid_amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', coalesce(fund::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.lp_report_purchases AS p (
        buyer_id, fund_id, payment_reference, payment_provider, amount, currency)
    VALUES (me, fund, reference, provider, paid_amount, upper(paid_currency))
    ON CONFLICT (payment_reference) DO NOTHING
    RETURNING p.* INTO purchase;
    IF FOUND THEN
        RETURN purchase;
    END IF;

    -- The reference is known: the same request again returns the same row.
    SELECT p.* INTO purchase
    FROM auxeira.lp_report_purchases AS p
    WHERE p.payment_reference = reference;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment reference % was already used by another account', reference
            USING ERRCODE = 'unique_violation';
    END IF;
    IF (purchase.fund_id, purchase.amount, purchase.currency, purchase.payment_provider)
       IS DISTINCT FROM (fund, paid_amount, upper(paid_currency)::varchar, provider::varchar) THEN
        RAISE EXCEPTION 'payment reference % was already recorded for another purchase', reference
            USING ERRCODE = 'unique_violation',
                  DETAIL = format(
                      'recorded: fund %s, %s %s via %s; requested: fund %s, %s %s via %s',
                      purchase.fund_id, purchase.amount, purchase.currency,
                      purchase.payment_provider, fund, paid_amount, upper(paid_currency),
                      provider);
    END IF;
    RETURN purchase;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text) IS
    'POST /api/dashboard/vc/lp-report/purchase: records the purchase of a fund''s premium LP '
    'report by the current user, idempotent on the payment reference: the same reference with '
    'the same fund, amount, currency and provider returns the row already recorded (one row, '
    'however often retried); with different values, or a reference of another account, it is '
    'refused. Also refused: a fund the caller does not manage, amount <= 0, no reference. '
    'SECURITY INVOKER.';

-- ===== from sql/security/200_dashboards.sql =====

-- Privileges of the dashboard schemas. Each dashboard's file (security/2x0_*.sql) grants its
-- own views and functions; here only the schemas and the refresh log.

GRANT USAGE ON SCHEMA auxeira_dash TO auxeira_app, auxeira_readonly;
-- auxeira_mv: the read-only role (DBAs, BI) may read materialized views; services may not.
GRANT USAGE ON SCHEMA auxeira_mv TO auxeira_readonly;

-- The refresh log is for operators: no access for services (020_grants.sql grants every
-- table to auxeira_app when sql/ is loaded in one go; take it back here).
REVOKE ALL ON auxeira.view_refreshes FROM auxeira_app;
GRANT SELECT ON auxeira.view_refreshes TO auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira.refresh_materialized_view(regclass, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION auxeira.notify_dashboard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.notify_dashboard() TO auxeira_app;

-- ===== from sql/security/210_startup.sql =====

-- Startup founder dashboard: triggers, row-level security and grants for the tables of
-- sql/schema/210_startup.sql and the views and functions of sql/views/startup.sql.
--
-- The triggers live here, not beside the tables, because sql/ loads sql/schema before
-- sql/functions, where auxeira.update_updated_at_column() and auxeira.notify_dashboard() are
-- defined.

CREATE TRIGGER update_founder_daily_actions_updated_at
    BEFORE UPDATE ON auxeira.founder_daily_actions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_founder_daily_actions_updated_at ON auxeira.founder_daily_actions IS
    'Stamps founder_daily_actions.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_customer_interviews_updated_at
    BEFORE UPDATE ON auxeira.customer_interviews
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_customer_interviews_updated_at ON auxeira.customer_interviews IS
    'Stamps customer_interviews.updated_at with now() on every UPDATE.';

-- Change notifications on channel auxeira_startup (payload: user, table, id, operation).
CREATE TRIGGER companies_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER companies_notify_startup ON auxeira.companies IS
    'NOTIFY auxeira_startup when a company changes (overview, SSE score); user_id = founder.';

CREATE TRIGGER token_transactions_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.token_transactions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER token_transactions_notify_startup ON auxeira.token_transactions IS
    'NOTIFY auxeira_startup when a token transaction is written (overview, tokens).';

CREATE TRIGGER founder_daily_actions_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.founder_daily_actions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER founder_daily_actions_notify_startup ON auxeira.founder_daily_actions IS
    'NOTIFY auxeira_startup when a daily action is added or progresses (actions).';

CREATE TRIGGER customer_interviews_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.customer_interviews
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER customer_interviews_notify_startup ON auxeira.customer_interviews IS
    'NOTIFY auxeira_startup when a customer interview is logged, edited or removed.';

CREATE TRIGGER startup_evidence_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.startup_evidence
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER startup_evidence_notify_startup ON auxeira.startup_evidence IS
    'NOTIFY auxeira_startup when evidence is recorded or removed.';


-- Row-level security: the uniform owner and read-only policies, then the founder's.
ALTER TABLE auxeira.founder_daily_actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.founder_daily_actions FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.customer_interviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.customer_interviews FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.startup_evidence ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.startup_evidence FORCE ROW LEVEL SECURITY;

CREATE POLICY founder_daily_actions_owner_maintenance ON auxeira.founder_daily_actions
    TO auxeira_owner USING (true) WITH CHECK (true);
COMMENT ON POLICY founder_daily_actions_owner_maintenance ON auxeira.founder_daily_actions IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY founder_daily_actions_readonly_select ON auxeira.founder_daily_actions
    FOR SELECT TO auxeira_readonly USING (true);
COMMENT ON POLICY founder_daily_actions_readonly_select ON auxeira.founder_daily_actions IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
CREATE POLICY founder_daily_actions_founder ON auxeira.founder_daily_actions
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (
        user_id = auxeira.current_user_id()
        AND (company_id IS NULL OR auxeira.owns_company(company_id))
    );
COMMENT ON POLICY founder_daily_actions_founder ON auxeira.founder_daily_actions IS
    'A founder reads and writes their own daily actions, about their own companies only.';

CREATE POLICY customer_interviews_owner_maintenance ON auxeira.customer_interviews
    TO auxeira_owner USING (true) WITH CHECK (true);
COMMENT ON POLICY customer_interviews_owner_maintenance ON auxeira.customer_interviews IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY customer_interviews_readonly_select ON auxeira.customer_interviews
    FOR SELECT TO auxeira_readonly USING (true);
COMMENT ON POLICY customer_interviews_readonly_select ON auxeira.customer_interviews IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
CREATE POLICY customer_interviews_founder ON auxeira.customer_interviews
    TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());
COMMENT ON POLICY customer_interviews_founder ON auxeira.customer_interviews IS
    'The founder of the company reads and writes its interviews (logged under their own id). '
    'Investors do not see them.';

CREATE POLICY startup_evidence_owner_maintenance ON auxeira.startup_evidence
    TO auxeira_owner USING (true) WITH CHECK (true);
COMMENT ON POLICY startup_evidence_owner_maintenance ON auxeira.startup_evidence IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY startup_evidence_readonly_select ON auxeira.startup_evidence
    FOR SELECT TO auxeira_readonly USING (true);
COMMENT ON POLICY startup_evidence_readonly_select ON auxeira.startup_evidence IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
CREATE POLICY startup_evidence_founder ON auxeira.startup_evidence
    TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());
COMMENT ON POLICY startup_evidence_founder ON auxeira.startup_evidence IS
    'The founder of the company reads, records and removes its evidence. Investors do not see it.';


-- Privileges. Evidence is never updated (a record is removed and recorded again), so the
-- application role gets no UPDATE on it.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.founder_daily_actions TO auxeira_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.customer_interviews TO auxeira_app;
GRANT SELECT, INSERT, DELETE ON auxeira.startup_evidence TO auxeira_app;
REVOKE UPDATE, TRUNCATE ON auxeira.startup_evidence FROM auxeira_app;
GRANT SELECT ON
    auxeira.founder_daily_actions,
    auxeira.customer_interviews,
    auxeira.startup_evidence
    TO auxeira_readonly;

GRANT SELECT ON
    auxeira_dash.startup_overview,
    auxeira_dash.startup_sse_breakdown,
    auxeira_dash.startup_sse_history,
    auxeira_dash.startup_sse_score,
    auxeira_dash.startup_token_balance,
    auxeira_dash.startup_actions_today,
    auxeira_dash.startup_action_progress
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_token_transactions(integer, timestamptz, uuid),
    auxeira_dash.startup_log_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text),
    auxeira_dash.startup_record_evidence(
        uuid, text, text, text, text, bigint, text, uuid, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_token_transactions(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_log_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text),
    auxeira_dash.startup_record_evidence(
        uuid, text, text, text, text, bigint, text, uuid, text)
    TO auxeira_app;

-- ===== from sql/security/220_esg.sql =====

-- ESG education dashboard: triggers, row-level security and grants for the tables of
-- sql/schema/220_esg_education.sql and the objects of sql/views/esg.sql.
--
-- The triggers live here because sql/ loads sql/schema before sql/functions. esg_metrics (a
-- per-company table with no ESG user) gets no notification trigger: the ESG education
-- dashboard does not read it.

CREATE TRIGGER update_education_programmes_updated_at
    BEFORE UPDATE ON auxeira.education_programmes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_programmes_updated_at ON auxeira.education_programmes IS
    'Stamps education_programmes.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_education_student_outcomes_updated_at
    BEFORE UPDATE ON auxeira.education_student_outcomes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_student_outcomes_updated_at
    ON auxeira.education_student_outcomes IS
    'Stamps education_student_outcomes.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_education_teacher_training_updated_at
    BEFORE UPDATE ON auxeira.education_teacher_training
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_teacher_training_updated_at
    ON auxeira.education_teacher_training IS
    'Stamps education_teacher_training.updated_at with now() on every UPDATE.';

-- Change notifications on channel auxeira_esg (payload: user, table, id, operation).
CREATE TRIGGER education_programmes_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_programmes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_programmes_notify_esg ON auxeira.education_programmes IS
    'NOTIFY auxeira_esg when a programme is logged, changed or removed; user_id = its owner.';

CREATE TRIGGER education_student_outcomes_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_student_outcomes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_student_outcomes_notify_esg ON auxeira.education_student_outcomes IS
    'NOTIFY auxeira_esg when student outcomes change (students, impact).';

CREATE TRIGGER education_teacher_training_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_teacher_training
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_teacher_training_notify_esg ON auxeira.education_teacher_training IS
    'NOTIFY auxeira_esg when teacher training changes (teachers, impact).';

CREATE TRIGGER education_unesco_compliance_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_unesco_compliance
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_unesco_compliance_notify_esg
    ON auxeira.education_unesco_compliance IS
    'NOTIFY auxeira_esg when a compliance assessment is recorded (compliance, impact).';


-- Row-level security: the uniform owner and read-only policies, then the ESG user's: every
-- table carries the programme owner in user_id.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'education_programmes', 'education_student_outcomes', 'education_teacher_training',
        'education_unesco_compliance'
    ] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I TO auxeira_owner USING (true) WITH CHECK (true)',
            t || '_owner_maintenance', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_owner_maintenance', t,
            'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.');
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_readonly USING (true)',
            t || '_readonly_select', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_readonly_select', t,
            'auxeira_readonly (DBAs, BI tools) reads every row and writes none.');
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I TO auxeira_app '
            'USING (user_id = auxeira.current_user_id()) '
            'WITH CHECK (user_id = auxeira.current_user_id())',
            t || '_esg_owner', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_esg_owner', t,
            'The ESG user who owns the programme reads and writes its rows (user_id is the '
            'programme owner; the composite foreign key keeps child rows consistent with it).');
    END LOOP;
END
$$;


-- Privileges. Compliance assessments are never updated (a new assessment is a new row).
GRANT SELECT, INSERT, UPDATE, DELETE ON
    auxeira.education_programmes,
    auxeira.education_student_outcomes,
    auxeira.education_teacher_training
    TO auxeira_app;
GRANT SELECT, INSERT, DELETE ON auxeira.education_unesco_compliance TO auxeira_app;
REVOKE UPDATE, TRUNCATE ON auxeira.education_unesco_compliance FROM auxeira_app;
GRANT SELECT ON
    auxeira.education_programmes,
    auxeira.education_student_outcomes,
    auxeira.education_teacher_training,
    auxeira.education_unesco_compliance
    TO auxeira_readonly;

-- The materialized view: DBAs read it; the application role only through the functions.
GRANT SELECT ON auxeira_mv.esg_programme_impact TO auxeira_readonly;

GRANT SELECT ON
    auxeira_dash.esg_education_students,
    auxeira_dash.esg_education_teachers,
    auxeira_dash.esg_education_compliance
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact(),
    auxeira_dash.esg_education_impact_overall(),
    auxeira_dash.esg_education_log_program(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact(),
    auxeira_dash.esg_education_impact_overall()
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_log_program(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text)
    TO auxeira_app;

-- ===== from sql/security/230_vc.sql =====

-- Row-level security and privileges of the venture-capital dashboard (tables in
-- sql/schema/230_vc.sql, reads and writes in sql/views/vc.sql).

-- auxeira.deals: private to the investor whose pipeline it is.
ALTER TABLE auxeira.deals ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.deals FORCE ROW LEVEL SECURITY;

CREATE POLICY deals_owner_maintenance ON auxeira.deals
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY deals_owner_maintenance ON auxeira.deals IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';

CREATE POLICY deals_readonly_select ON auxeira.deals
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY deals_readonly_select ON auxeira.deals IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY deals_investor ON auxeira.deals
    TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (
        investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
        AND (investment_id IS NULL
             OR EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id()))
    );
COMMENT ON POLICY deals_investor ON auxeira.deals IS
    'An investor reads and writes the deals of their own pipeline; a deal''s fund must be one '
    'they manage and its investment one of theirs.';

-- auxeira.lp_report_purchases: the buyer reads theirs and records new ones; nobody but the
-- owner changes or deletes a purchase.
ALTER TABLE auxeira.lp_report_purchases ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.lp_report_purchases FORCE ROW LEVEL SECURITY;

CREATE POLICY lp_report_purchases_owner_maintenance ON auxeira.lp_report_purchases
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY lp_report_purchases_owner_maintenance ON auxeira.lp_report_purchases IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';

CREATE POLICY lp_report_purchases_readonly_select ON auxeira.lp_report_purchases
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY lp_report_purchases_readonly_select ON auxeira.lp_report_purchases IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY lp_report_purchases_buyer_select ON auxeira.lp_report_purchases
    FOR SELECT TO auxeira_app
    USING (buyer_id = auxeira.current_user_id());
COMMENT ON POLICY lp_report_purchases_buyer_select ON auxeira.lp_report_purchases IS
    'A VC reads the LP report purchases they made.';

CREATE POLICY lp_report_purchases_buyer_insert ON auxeira.lp_report_purchases
    FOR INSERT TO auxeira_app
    WITH CHECK (
        buyer_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.funds AS f
                    WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id())
    );
COMMENT ON POLICY lp_report_purchases_buyer_insert ON auxeira.lp_report_purchases IS
    'A VC records purchases for the funds they manage only; there is no UPDATE or DELETE '
    'policy for the application: a purchase is a permanent record.';

-- Table privileges: the same as every auxeira table (sql/security/020_grants.sql); the
-- policies above decide which rows and which commands.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.deals, auxeira.lp_report_purchases
    TO auxeira_app;
GRANT SELECT ON auxeira.deals, auxeira.lp_report_purchases TO auxeira_readonly;

-- The materialized view: DBAs only; tenants go through auxeira_dash.vc_performance().
GRANT SELECT ON auxeira_mv.vc_performance TO auxeira_readonly;

-- Reads.
GRANT SELECT ON
    auxeira_dash.vc_portfolio,
    auxeira_dash.vc_portfolio_totals,
    auxeira_dash.vc_deals,
    auxeira_dash.vc_deal_stages
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date),
    auxeira_dash.vc_lp_report_schedule(uuid, date),
    auxeira_dash.vc_log_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text),
    auxeira.notify_investment_dashboard()
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date),
    auxeira_dash.vc_lp_report_schedule(uuid, date)
    TO auxeira_app, auxeira_readonly;

-- Writes.
GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_log_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text),
    auxeira.notify_investment_dashboard()
    TO auxeira_app;

-- ===== from sql/security/240_angel.sql =====

-- Row-level security and privileges of the angel-investor dashboard (tables in
-- sql/schema/240_angel.sql, reads and writes in sql/views/angel.sql).

ALTER TABLE auxeira.connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.connections FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicates ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicates FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicate_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicate_members FORCE ROW LEVEL SECURITY;

-- The uniform part.
CREATE POLICY connections_owner_maintenance ON auxeira.connections
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY connections_owner_maintenance ON auxeira.connections IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY connections_readonly_select ON auxeira.connections
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY connections_readonly_select ON auxeira.connections IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY syndicates_owner_maintenance ON auxeira.syndicates
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY syndicates_owner_maintenance ON auxeira.syndicates IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY syndicates_readonly_select ON auxeira.syndicates
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY syndicates_readonly_select ON auxeira.syndicates IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY syndicate_members_owner_maintenance ON auxeira.syndicate_members
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY syndicate_members_owner_maintenance ON auxeira.syndicate_members IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY syndicate_members_readonly_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY syndicate_members_readonly_select ON auxeira.syndicate_members IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

-- connections: both ends read; the requester asks; the addressee answers; either end removes.
CREATE POLICY connections_either_end_select ON auxeira.connections
    FOR SELECT TO auxeira_app
    USING (auxeira.current_user_id() IN (requester_id, addressee_id));
COMMENT ON POLICY connections_either_end_select ON auxeira.connections IS
    'A connection is visible to its requester and its addressee, to no one else.';

CREATE POLICY connections_requester_insert ON auxeira.connections
    FOR INSERT TO auxeira_app
    WITH CHECK (requester_id = auxeira.current_user_id() AND status = 'requested');
COMMENT ON POLICY connections_requester_insert ON auxeira.connections IS
    'A user asks to connect in their own name only, and only as a pending request.';

CREATE POLICY connections_addressee_update ON auxeira.connections
    FOR UPDATE TO auxeira_app
    USING (addressee_id = auxeira.current_user_id())
    WITH CHECK (addressee_id = auxeira.current_user_id());
COMMENT ON POLICY connections_addressee_update ON auxeira.connections IS
    'Only the addressee answers a request (the ends cannot change: trigger connections_guard).';

CREATE POLICY connections_either_end_delete ON auxeira.connections
    FOR DELETE TO auxeira_app
    USING (auxeira.current_user_id() IN (requester_id, addressee_id));
COMMENT ON POLICY connections_either_end_delete ON auxeira.connections IS
    'Either user removes the connection (withdraws a request, or disconnects).';

-- syndicates: the lead owns them; every angel reads the open ones; members keep reading theirs.
CREATE POLICY syndicates_lead ON auxeira.syndicates
    TO auxeira_app
    USING (lead_id = auxeira.current_user_id())
    WITH CHECK (lead_id = auxeira.current_user_id());
COMMENT ON POLICY syndicates_lead ON auxeira.syndicates IS
    'The lead angel reads and writes the syndicates they run.';

CREATE POLICY syndicates_open_angel_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (
        status = 'open'
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = auxeira.current_user_id() AND u.user_type = 'angel')
    );
COMMENT ON POLICY syndicates_open_angel_select ON auxeira.syndicates IS
    'Every angel (users.user_type = angel) reads the published terms of open syndicates.';

CREATE POLICY syndicates_member_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (auxeira.is_syndicate_member(id));
COMMENT ON POLICY syndicates_member_select ON auxeira.syndicates IS
    'A member reads the syndicates they joined, whatever their status.';

-- syndicate_members: a member owns their row (written only while the syndicate is open); the
-- lead reads every row of their syndicates; other angels read none.
CREATE POLICY syndicate_members_member ON auxeira.syndicate_members
    TO auxeira_app
    USING (member_id = auxeira.current_user_id())
    WITH CHECK (
        member_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.syndicates AS s
                    WHERE s.id = syndicate_id AND s.status = 'open')
    );
COMMENT ON POLICY syndicate_members_member ON auxeira.syndicate_members IS
    'A member reads their own commitments and writes them while the syndicate is open.';

CREATE POLICY syndicate_members_lead_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_app
    USING (auxeira.leads_syndicate(syndicate_id));
COMMENT ON POLICY syndicate_members_lead_select ON auxeira.syndicate_members IS
    'The lead of a syndicate reads every commitment made to it.';

-- Table privileges: the same as every auxeira table (sql/security/020_grants.sql); the
-- policies above decide which rows and which commands.
GRANT SELECT, INSERT, UPDATE, DELETE
    ON auxeira.connections, auxeira.syndicates, auxeira.syndicate_members
    TO auxeira_app;
GRANT SELECT ON auxeira.connections, auxeira.syndicates, auxeira.syndicate_members
    TO auxeira_readonly;

-- Reads.
GRANT SELECT ON
    auxeira_dash.angel_portfolio,
    auxeira_dash.angel_portfolio_totals,
    auxeira_dash.angel_network,
    auxeira_dash.angel_network_requests,
    auxeira_dash.angel_network_summary,
    auxeira_dash.angel_syndicate_opportunities,
    auxeira_dash.angel_syndicate_memberships,
    auxeira_dash.angel_tax_events,
    auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_track_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text),
    auxeira_dash.angel_request_connection(uuid, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean),
    auxeira_dash.angel_join_syndicate(uuid, numeric),
    auxeira.connections_guard(),
    auxeira.leads_syndicate(uuid),
    auxeira.is_syndicate_member(uuid)
    FROM PUBLIC;

-- Policy helpers and the trigger function, for the roles whose statements evaluate them.
GRANT EXECUTE ON FUNCTION
    auxeira.leads_syndicate(uuid),
    auxeira.is_syndicate_member(uuid)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION auxeira.connections_guard() TO auxeira_app;

-- Writes.
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_track_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text),
    auxeira_dash.angel_request_connection(uuid, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean),
    auxeira_dash.angel_join_syndicate(uuid, numeric)
    TO auxeira_app;

-- ===== from sql/security/250_government.sql =====

-- Government agency dashboard: triggers, row-level security and grants of its tables, views
-- and functions (sql/schema/250_government.sql, sql/views/government.sql).
--
-- Tenancy: policies and their measured impacts belong to the government user who logged them;
-- regulatory requirements are reference data every signed-in user reads and their publisher
-- edits; a company's compliance rows belong to the company (its founder) and are shown to the
-- requirement's publisher only when the company opts in (shared_with_regulator).

-- updated_at stamps (the trigger function is defined in sql/functions, after sql/schema).
CREATE TRIGGER update_government_policies_updated_at
    BEFORE UPDATE ON auxeira.government_policies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_government_policy_impacts_updated_at
    BEFORE UPDATE ON auxeira.government_policy_impacts
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_regulatory_requirements_updated_at
    BEFORE UPDATE ON auxeira.regulatory_requirements
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_company_compliance_updated_at
    BEFORE UPDATE ON auxeira.company_compliance
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_government_policies_updated_at ON auxeira.government_policies IS
    'Stamps government_policies.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_government_policy_impacts_updated_at
    ON auxeira.government_policy_impacts IS
    'Stamps government_policy_impacts.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_regulatory_requirements_updated_at
    ON auxeira.regulatory_requirements IS
    'Stamps regulatory_requirements.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_company_compliance_updated_at ON auxeira.company_compliance IS
    'Stamps company_compliance.updated_at with now() on every UPDATE.';

-- Live changes on channel auxeira_government. economic_impact has no user column (its figures
-- reach the dashboard through the materialized view, at refresh); compliance rows concern a
-- company, not a government user, and likewise reach it at refresh.
CREATE TRIGGER government_policies_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.government_policies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');
CREATE TRIGGER government_policy_impacts_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.government_policy_impacts
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');
CREATE TRIGGER regulatory_requirements_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.regulatory_requirements
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');

COMMENT ON TRIGGER government_policies_notify ON auxeira.government_policies IS
    'NOTIFY auxeira_government {user_id: owner_id, entity, id, op} when a policy changes.';
COMMENT ON TRIGGER government_policy_impacts_notify ON auxeira.government_policy_impacts IS
    'NOTIFY auxeira_government {user_id: owner_id, entity, id, op} when a measurement changes.';
COMMENT ON TRIGGER regulatory_requirements_notify ON auxeira.regulatory_requirements IS
    'NOTIFY auxeira_government {user_id: owner_id (NULL for platform requirements), entity, '
    'id, op} when a requirement changes.';

-- Row-level security: enabled and forced, owner maintenance, read-only role reads all.
ALTER TABLE auxeira.government_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policies FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policy_impacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policy_impacts FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.regulatory_requirements ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.regulatory_requirements FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.company_compliance ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.company_compliance FORCE ROW LEVEL SECURITY;

CREATE POLICY government_policies_owner_maintenance ON auxeira.government_policies
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY government_policies_readonly_select ON auxeira.government_policies
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY government_policy_impacts_owner_maintenance ON auxeira.government_policy_impacts
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY government_policy_impacts_readonly_select ON auxeira.government_policy_impacts
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY regulatory_requirements_owner_maintenance ON auxeira.regulatory_requirements
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY regulatory_requirements_readonly_select ON auxeira.regulatory_requirements
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY company_compliance_owner_maintenance ON auxeira.company_compliance
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY company_compliance_readonly_select ON auxeira.company_compliance
    FOR SELECT TO auxeira_readonly USING (true);

COMMENT ON POLICY government_policies_owner_maintenance ON auxeira.government_policies IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY government_policies_readonly_select ON auxeira.government_policies IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY government_policy_impacts_owner_maintenance
    ON auxeira.government_policy_impacts IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY government_policy_impacts_readonly_select
    ON auxeira.government_policy_impacts IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY regulatory_requirements_owner_maintenance ON auxeira.regulatory_requirements IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY regulatory_requirements_readonly_select ON auxeira.regulatory_requirements IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY company_compliance_owner_maintenance ON auxeira.company_compliance IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY company_compliance_readonly_select ON auxeira.company_compliance IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

-- Tenant policies.
CREATE POLICY government_policies_owner ON auxeira.government_policies
    TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (
        owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government')
    );
COMMENT ON POLICY government_policies_owner ON auxeira.government_policies IS
    'A government user reads and writes its own policies; only government users own policies.';

CREATE POLICY government_policy_impacts_owner ON auxeira.government_policy_impacts
    TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policy_impacts_owner ON auxeira.government_policy_impacts IS
    'A government user reads and writes the measurements of its own policies (the composite '
    'foreign key keeps owner_id equal to the policy''s owner).';

CREATE POLICY regulatory_requirements_signed_in_read ON auxeira.regulatory_requirements
    FOR SELECT TO auxeira_app
    USING (auxeira.current_user_id() IS NOT NULL);
COMMENT ON POLICY regulatory_requirements_signed_in_read ON auxeira.regulatory_requirements IS
    'Requirements are public reference data: every signed-in user reads them (an unset tenant '
    'reads none).';

CREATE POLICY regulatory_requirements_publisher ON auxeira.regulatory_requirements
    TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (
        owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government')
    );
COMMENT ON POLICY regulatory_requirements_publisher ON auxeira.regulatory_requirements IS
    'A government user publishes, edits and withdraws its own requirements.';

CREATE POLICY company_compliance_founder ON auxeira.company_compliance
    TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder ON auxeira.company_compliance IS
    'The founder of the company reads and writes its compliance rows, including the opt-in.';

CREATE POLICY company_compliance_regulator_read ON auxeira.company_compliance
    FOR SELECT TO auxeira_app
    USING (
        shared_with_regulator
        AND EXISTS (SELECT FROM auxeira.regulatory_requirements AS r
                    WHERE r.id = requirement_id
                      AND (r.owner_id = auxeira.current_user_id()
                           OR (r.owner_id IS NULL
                               AND EXISTS (SELECT FROM auxeira.users AS u
                                           WHERE u.id = auxeira.current_user_id()
                                             AND u.user_type = 'government'))))
    );
COMMENT ON POLICY company_compliance_regulator_read ON auxeira.company_compliance IS
    'Opt-in disclosure: a row the company shares (shared_with_regulator) is readable by the '
    'government user who published the requirement, or by every government user for a '
    'platform requirement (owner_id NULL). Unshared rows reach government users only as '
    'suppressed aggregates.';

-- Grants: data access for services (row-level security decides which rows), SELECT for the
-- read-only role; the materialized views for the read-only role only.
GRANT SELECT, INSERT, UPDATE, DELETE ON
    auxeira.government_policies,
    auxeira.government_policy_impacts,
    auxeira.regulatory_requirements,
    auxeira.company_compliance
    TO auxeira_app;
GRANT SELECT ON
    auxeira.government_policies,
    auxeira.government_policy_impacts,
    auxeira.regulatory_requirements,
    auxeira.company_compliance
    TO auxeira_readonly;

GRANT SELECT ON
    auxeira_mv.government_economic_impact,
    auxeira_mv.government_compliance_summary
    TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.government_policy_impact TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_economic(date, date, text),
    auxeira_dash.government_jobs(date, date, text),
    auxeira_dash.government_tax_revenue(date, date, text),
    auxeira_dash.government_compliance(),
    auxeira_dash.government_compliance_companies(),
    auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text,
                                       text),
    auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer,
                                              text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_economic(date, date, text),
    auxeira_dash.government_jobs(date, date, text),
    auxeira_dash.government_tax_revenue(date, date, text),
    auxeira_dash.government_compliance(),
    auxeira_dash.government_compliance_companies()
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text,
                                       text),
    auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer,
                                              text)
    TO auxeira_app;

-- ===== from sql/security/260_corporate.sql =====

-- Corporate partner dashboard: triggers, row-level security and grants of its tables, views
-- and functions (sql/schema/260_corporate.sql, sql/views/corporate.sql).
--
-- Tenancy: an auction is read by corporate users (it is an offer to them) and by the founder
-- who opened it, and written by that founder; a bid is read and written by its bidder and read
-- by the auction's opener; while sealed, a bid holds no amount, so no reader (the platform
-- included) learns one before the reveal.

-- updated_at stamps (the trigger function is defined in sql/functions, after sql/schema).
CREATE TRIGGER update_partnership_auctions_updated_at
    BEFORE UPDATE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_auction_bids_updated_at
    BEFORE UPDATE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_partnership_auctions_updated_at ON auxeira.partnership_auctions IS
    'Stamps partnership_auctions.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_auction_bids_updated_at ON auxeira.auction_bids IS
    'Stamps auction_bids.updated_at with now() on every UPDATE.';

-- Live changes on channel auxeira_corporate.
CREATE TRIGGER corporate_partnerships_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'corporate_partner_id');
CREATE TRIGGER partnership_auctions_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'opened_by');
CREATE TRIGGER auction_bids_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'bidder_id');

COMMENT ON TRIGGER corporate_partnerships_notify ON auxeira.corporate_partnerships IS
    'NOTIFY auxeira_corporate {user_id: corporate_partner_id, entity, id, op} when a '
    'partnership changes (active partnerships, ROI).';
COMMENT ON TRIGGER partnership_auctions_notify ON auxeira.partnership_auctions IS
    'NOTIFY auxeira_corporate {user_id: opened_by (NULL for the platform), entity, id, op} when '
    'an auction is opened, changed or cancelled.';
COMMENT ON TRIGGER auction_bids_notify ON auxeira.auction_bids IS
    'NOTIFY auxeira_corporate {user_id: bidder_id, entity, id, op} when a bid is committed, '
    're-committed or revealed. Never the amount: the payload names the row only.';

-- Row-level security: enabled and forced, owner maintenance, read-only role reads all.
ALTER TABLE auxeira.partnership_auctions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.partnership_auctions FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.auction_bids ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.auction_bids FORCE ROW LEVEL SECURITY;

CREATE POLICY partnership_auctions_owner_maintenance ON auxeira.partnership_auctions
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY partnership_auctions_readonly_select ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY auction_bids_owner_maintenance ON auxeira.auction_bids
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY auction_bids_readonly_select ON auxeira.auction_bids
    FOR SELECT TO auxeira_readonly USING (true);

COMMENT ON POLICY partnership_auctions_owner_maintenance ON auxeira.partnership_auctions IS
    'auxeira_owner (migrations, platform auctions, cleanup) reads and writes every row.';
COMMENT ON POLICY partnership_auctions_readonly_select ON auxeira.partnership_auctions IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY auction_bids_owner_maintenance ON auxeira.auction_bids IS
    'auxeira_owner (migrations, cleanup) reads and writes every row; the guard trigger still '
    'applies, so not even the owner can store an amount before the close.';
COMMENT ON POLICY auction_bids_readonly_select ON auxeira.auction_bids IS
    'auxeira_readonly (DBAs, BI tools) reads every row (sealed bids show only commitments) and '
    'writes none.';

-- Tenant policies.
CREATE POLICY partnership_auctions_opener ON auxeira.partnership_auctions
    TO auxeira_app
    USING (opened_by = auxeira.current_user_id())
    WITH CHECK (opened_by = auxeira.current_user_id() AND auxeira.owns_company(company_id));
COMMENT ON POLICY partnership_auctions_opener ON auxeira.partnership_auctions IS
    'A founder reads and writes the auctions it opened, for companies it owns.';

CREATE POLICY partnership_auctions_corporate_read ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.users AS u
                   WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate'));
COMMENT ON POLICY partnership_auctions_corporate_read ON auxeira.partnership_auctions IS
    'Auctions are offers to corporates: every corporate user reads every auction.';

CREATE POLICY auction_bids_bidder ON auxeira.auction_bids
    TO auxeira_app
    USING (bidder_id = auxeira.current_user_id())
    WITH CHECK (bidder_id = auxeira.current_user_id());
COMMENT ON POLICY auction_bids_bidder ON auxeira.auction_bids IS
    'A bidder reads and writes its own bids (the guard trigger decides what may change when).';

CREATE POLICY auction_bids_opener_read ON auxeira.auction_bids
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.partnership_auctions AS a
                   WHERE a.id = auction_id AND a.opened_by = auxeira.current_user_id()));
COMMENT ON POLICY auction_bids_opener_read ON auxeira.auction_bids IS
    'The founder who opened the auction reads its bids: commitments while sealed, amounts once '
    'revealed.';

-- Grants. Bids are never deleted by services (a sealed bid is replaced, a revealed one is
-- final); sql/security/020_grants.sql grants DELETE on every table when sql/ loads in one go.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.partnership_auctions TO auxeira_app;
GRANT SELECT, INSERT, UPDATE ON auxeira.auction_bids TO auxeira_app;
REVOKE DELETE, TRUNCATE ON auxeira.auction_bids FROM auxeira_app;
GRANT SELECT ON auxeira.partnership_auctions, auxeira.auction_bids TO auxeira_readonly;

GRANT SELECT ON auxeira_mv.corporate_ecosystem_pulse TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.corporate_roi_totals TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.auction_bid_commitment(uuid, uuid, numeric, text),
    auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz),
    auxeira.partnership_auctions_guard(),
    auxeira.auction_bids_guard(),
    auxeira_dash.corporate_ecosystem(text, text),
    auxeira_dash.corporate_auctions(),
    auxeira_dash.corporate_auction_results(uuid),
    auxeira_dash.corporate_partnerships(),
    auxeira_dash.corporate_roi(),
    auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz,
                                        timestamptz, text),
    auxeira_dash.corporate_submit_bid(uuid, bytea),
    auxeira_dash.corporate_reveal_bid(uuid, numeric, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.auction_bid_commitment(uuid, uuid, numeric, text),
    auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz),
    auxeira_dash.corporate_ecosystem(text, text),
    auxeira_dash.corporate_auctions(),
    auxeira_dash.corporate_auction_results(uuid),
    auxeira_dash.corporate_partnerships(),
    auxeira_dash.corporate_roi()
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz,
                                        timestamptz, text),
    auxeira_dash.corporate_submit_bid(uuid, bytea),
    auxeira_dash.corporate_reveal_bid(uuid, numeric, text)
    TO auxeira_app;
