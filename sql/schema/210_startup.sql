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
    'by auxeira_dash.startup_record_interview (customer_interview) and '
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
    'Tokens the founder earns on completion, >= 0: credited by '
    'auxeira.award_tokens(''daily_action'', id) when the action is completed on its day or the '
    'next, capped by the daily_action rule of auxeira.token_rules() (at most 100, at most 10 '
    'actions a day), once per action.';
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
    'whether they would pay. Written by auxeira_dash.startup_record_interview (POST '
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
