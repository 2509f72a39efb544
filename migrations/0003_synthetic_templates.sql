-- depends: 0002_investment_math
-- 0003_synthetic_templates: the table of custom synthetic-data templates (auxeira-db
-- templates, auxeira-db seed --template), its updated_at trigger, row-level security and
-- grants. Released migrations are immutable: add a new one.

SET LOCAL ROLE auxeira_owner;

-- auxeira.synthetic_templates: custom templates of the synthetic-data generator (auxeira-db
-- seed --template NAME), stored as validated JSON parameters beside the built-in ones.

CREATE TABLE auxeira.synthetic_templates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name varchar(63) NOT NULL,
    description text,
    parameters jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT synthetic_templates_pkey PRIMARY KEY (id),
    CONSTRAINT synthetic_templates_name_check CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    CONSTRAINT synthetic_templates_parameters_check CHECK (jsonb_typeof(parameters) = 'object'),
    CONSTRAINT synthetic_templates_persona_check CHECK (
        NOT parameters ? 'persona'
        OR parameters ->> 'persona' IN (
            'startup', 'vc', 'angel', 'esg', 'government', 'corporate', 'all'
        )
    ),
    CONSTRAINT synthetic_templates_counts_check CHECK (
        NOT jsonb_path_exists(parameters, '$.counts.* ? (@.type() != "number" || @ < 0)')
    ),
    CONSTRAINT synthetic_templates_stages_check CHECK (
        NOT jsonb_path_exists(
            parameters,
            '$.stages[*] ? (!(@ == "pre-seed" || @ == "seed" || @ == "series-a" '
            '|| @ == "series-b" || @ == "series-c+"))'
        )
    ),
    CONSTRAINT synthetic_templates_ranges_check CHECK (
        NOT jsonb_path_exists(parameters, '$.* ? (@.type() == "object" && @.low > @.high)')
    )
);

CREATE UNIQUE INDEX synthetic_templates_name_key ON auxeira.synthetic_templates (name);

COMMENT ON TABLE auxeira.synthetic_templates IS
    'Custom templates of the synthetic-data generator: a named set of parameters (counts per '
    'user type, industries, stages, cheque sizes and per-account ranges) that `auxeira-db seed '
    '--template NAME` applies. Built-in templates live in the Python package and are not stored '
    'here. Managed with `auxeira-db templates create|delete`, which validate the parameters '
    'fully; the CHECK constraints repeat the essential rules for writes that bypass the CLI.';
COMMENT ON COLUMN auxeira.synthetic_templates.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.synthetic_templates.name IS
    'Template name used on the command line (--template NAME): lower-case letters, digits and '
    'dashes, 1-63 characters, starting with a letter or digit; unique. Never the name of a '
    'built-in template (the CLI refuses it).';
COMMENT ON COLUMN auxeira.synthetic_templates.description IS
    'What the template generates, for people choosing one. NULL = none given.';
COMMENT ON COLUMN auxeira.synthetic_templates.parameters IS
    'The generator parameters as a JSON object, every key optional: persona (startup, vc, '
    'angel, esg, government, corporate, all), counts (object of whole numbers >= 0 per user '
    'type), industries and stages (lists), and range objects {"low": x, "high": y} with low <= '
    'high: investment_amount, investments_per_vc, investments_per_angel, '
    'partnerships_per_corporate.';
COMMENT ON COLUMN auxeira.synthetic_templates.created_at IS 'When the template was created.';
COMMENT ON COLUMN auxeira.synthetic_templates.updated_at IS
    'When the template was last changed; set by trigger update_synthetic_templates_updated_at.';
COMMENT ON INDEX auxeira.synthetic_templates_name_key IS
    'One template per name; serves the look-up by name of `auxeira-db seed --template NAME`.';

-- auxeira.synthetic_templates: updated_at trigger, row-level security and grants.
--
-- The trigger lives here rather than beside the table because sql/ loads sql/schema before
-- sql/functions, and auxeira.update_updated_at_column() is defined in sql/functions.

CREATE TRIGGER update_synthetic_templates_updated_at
    BEFORE UPDATE ON auxeira.synthetic_templates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

-- Templates are shared configuration, not a tenant's data: every role reads them, only the
-- owner (migrations, `auxeira-db templates create|delete`) writes them.
ALTER TABLE auxeira.synthetic_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.synthetic_templates FORCE ROW LEVEL SECURITY;

CREATE POLICY synthetic_templates_owner_maintenance ON auxeira.synthetic_templates
    TO auxeira_owner USING (true) WITH CHECK (true);
COMMENT ON POLICY synthetic_templates_owner_maintenance ON auxeira.synthetic_templates IS
    'auxeira_owner (migrations, auxeira-db templates) reads and writes every template.';

CREATE POLICY synthetic_templates_readonly_select ON auxeira.synthetic_templates
    FOR SELECT TO auxeira_readonly USING (true);
COMMENT ON POLICY synthetic_templates_readonly_select ON auxeira.synthetic_templates IS
    'auxeira_readonly (DBAs, BI tools) reads every template and writes none.';

CREATE POLICY synthetic_templates_app_select ON auxeira.synthetic_templates
    FOR SELECT TO auxeira_app USING (true);
COMMENT ON POLICY synthetic_templates_app_select ON auxeira.synthetic_templates IS
    'Services (auxeira_app) read every template, e.g. to list them; they cannot change them.';

-- sql/security/020_grants.sql grants DML on all tables to auxeira_app when sql/ is loaded in
-- one go; the application role only reads templates.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON auxeira.synthetic_templates FROM auxeira_app;
GRANT SELECT ON auxeira.synthetic_templates TO auxeira_app, auxeira_readonly;
