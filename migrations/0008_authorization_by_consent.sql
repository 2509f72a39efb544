-- 0008 authorization by consent: a tenant can no longer grant itself access, change its role,
-- or erase another tenant's records. Per-command policies everywhere; investments,
-- partnerships and syndicates that name a company open its data only once the founder
-- accepted them; privileged columns and company verification belong to the platform; an
-- append-only audit log; public company profiles; verified companies only in the
-- published aggregates. docs/SECURITY.md has the threat model.
--
-- Existing relationships are grandfathered as accepted and existing companies as verified
-- (they were visible before this migration); new ones start pending / unverified.

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY[
        'auxeira_owner', 'auxeira_app', 'auxeira_readonly', 'auxeira_admin'
    ] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created by a concurrent migration of another database
            END;
        END IF;
    END LOOP;
    -- The migrating user must be able to SET ROLE auxeira_owner (superusers always can).
    IF NOT pg_catalog.pg_has_role(current_user, 'auxeira_owner', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT auxeira_owner TO %I', current_user);
    END IF;
    EXECUTE pg_catalog.format(
        'GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO auxeira_owner', current_database());
    EXECUTE pg_catalog.format(
        'GRANT CONNECT ON DATABASE %I TO auxeira_app, auxeira_readonly, auxeira_admin',
        current_database());
END
$$;

SET LOCAL ROLE auxeira_owner;

-- Authorization by consent (migration 0008): a relationship that names a company opens that
-- company's data only once its founder accepted it, and a company counts toward the
-- five-company minimum of the published aggregates only once the platform verified it.
--
-- Added as columns of the existing tables (ALTER, as the migration does, so that the column
-- order of sql/ and of a migrated database agree). Who may change these columns is decided
-- by the guard triggers of sql/functions/070_authorization.sql, not by the column grants:
-- only the owner role (through auxeira.startup_answer_relationship() and the admin
-- functions) changes them.

-- investments: the founder of the company accepts, rejects or later revokes.
ALTER TABLE auxeira.investments
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'accepted',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT investments_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.investments.founder_consent IS
    'Whether the founder of the company consented to this investment: pending (recorded by the '
    'investor, not yet answered; the default for every new row), accepted, rejected, revoked '
    '(accepted once, withdrawn later; the row and its history stay). Only an accepted '
    'investment lets the investor read the company''s confidential data (metrics, ESG, economic '
    'impact) and lets the founder read its cash flows and marks. Changed only through '
    'auxeira_dash.startup_answer_relationship() (guard trigger investments_guard_consent).';
COMMENT ON COLUMN auxeira.investments.founder_consent_at IS
    'When founder_consent last changed (the founder''s answer or revocation). NULL while '
    'pending and never answered.';

-- corporate_partnerships: the founder of the startup accepts the partnership.
ALTER TABLE auxeira.corporate_partnerships
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'accepted',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT corporate_partnerships_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.corporate_partnerships.founder_consent IS
    'Whether the founder of the startup consented to this partnership being recorded against '
    'it: pending (the default), accepted, rejected, revoked. Changed only through '
    'auxeira_dash.startup_answer_relationship().';
COMMENT ON COLUMN auxeira.corporate_partnerships.founder_consent_at IS
    'When founder_consent last changed. NULL while pending and never answered.';

-- syndicates: a syndicate raising money for a company needs that company's consent before
-- other angels see it.
ALTER TABLE auxeira.syndicates
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'accepted',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT syndicates_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.syndicates.founder_consent IS
    'Whether the founder of company_id consented to a syndicate raising money for the company: '
    'pending (the default), accepted, rejected, revoked. Other angels see an open syndicate on a '
    'company only once accepted; a syndicate without a company needs no consent. Changed only '
    'through auxeira_dash.startup_answer_relationship().';
COMMENT ON COLUMN auxeira.syndicates.founder_consent_at IS
    'When founder_consent last changed. NULL while pending and never answered.';

-- companies: verification by the platform.
ALTER TABLE auxeira.companies
    ADD COLUMN verified boolean NOT NULL DEFAULT true,
    ADD COLUMN verified_at timestamptz;

COMMENT ON COLUMN auxeira.companies.verified IS
    'true = the platform checked that this is a real company (auxeira.admin_set_company_'
    'verified()); only verified companies count toward the five-company minimum of the '
    'published aggregates (ecosystem pulse, government economic and compliance figures), so '
    'made-up companies cannot unmask a real one. false for every company a tenant creates; a '
    'founder may hold at most auxeira.max_unverified_companies() unverified companies.';
COMMENT ON COLUMN auxeira.companies.verified_at IS
    'When verified last changed. NULL = never verified.';

-- Grandfathered rows keep their access; every new row starts pending / unverified.
UPDATE auxeira.investments SET founder_consent_at = now();
UPDATE auxeira.corporate_partnerships SET founder_consent_at = now();
UPDATE auxeira.syndicates SET founder_consent_at = now() WHERE company_id IS NOT NULL;
UPDATE auxeira.syndicates SET founder_consent = 'pending' WHERE company_id IS NULL;
UPDATE auxeira.companies SET verified_at = now();
ALTER TABLE auxeira.investments ALTER COLUMN founder_consent SET DEFAULT 'pending';
ALTER TABLE auxeira.corporate_partnerships ALTER COLUMN founder_consent SET DEFAULT 'pending';
ALTER TABLE auxeira.syndicates ALTER COLUMN founder_consent SET DEFAULT 'pending';
ALTER TABLE auxeira.companies ALTER COLUMN verified SET DEFAULT false;

-- auxeira.audit_log: privileged changes, append-only (migration 0008).

CREATE TABLE auxeira.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    db_user text NOT NULL DEFAULT session_user,
    acting_user_id uuid,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text,
    old_value jsonb,
    new_value jsonb,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_action_check CHECK (btrim(action) <> '')
);

CREATE INDEX audit_log_entity_idx ON auxeira.audit_log (entity, entity_id);
CREATE INDEX audit_log_occurred_at_idx ON auxeira.audit_log USING brin (occurred_at);

COMMENT ON TABLE auxeira.audit_log IS
    'Append-only record of privileged changes: user type and subscription columns, company '
    'verification, relationships accepted, rejected and revoked by founders, price-list '
    'changes, role grants made through package functions. Written only by triggers and '
    'functions running as auxeira_owner; UPDATE, DELETE and TRUNCATE are refused for every role '
    '(trigger audit_log_append_only). Readable by auxeira_readonly; the application role has '
    'no access.';
COMMENT ON COLUMN auxeira.audit_log.id IS 'Primary key; increasing with insertion order.';
COMMENT ON COLUMN auxeira.audit_log.occurred_at IS
    'When the change was made (clock time of the statement, not of the transaction start).';
COMMENT ON COLUMN auxeira.audit_log.db_user IS
    'The PostgreSQL login (session_user) that made the change: which service or DBA.';
COMMENT ON COLUMN auxeira.audit_log.acting_user_id IS
    'The platform user the transaction acted for (auxeira.current_user_id()), when one was set; '
    'NULL for maintenance and admin work outside a tenant.';
COMMENT ON COLUMN auxeira.audit_log.action IS
    'What happened, e.g. user_type changed, company verified, investment accepted, relationship '
    'revoked, price changed, role granted.';
COMMENT ON COLUMN auxeira.audit_log.entity IS
    'The table (or, for role grants, "role") the change applies to.';
COMMENT ON COLUMN auxeira.audit_log.entity_id IS
    'The key of the changed row (a uuid as text), or the role name.';
COMMENT ON COLUMN auxeira.audit_log.old_value IS
    'The changed columns before, as a JSON object of column: value. NULL for a new row.';
COMMENT ON COLUMN auxeira.audit_log.new_value IS
    'The changed columns after, as a JSON object of column: value. NULL for a deleted row.';
COMMENT ON INDEX auxeira.audit_log_entity_idx IS
    'The history of one row: WHERE entity = ... AND entity_id = ...';
COMMENT ON INDEX auxeira.audit_log_occurred_at_idx IS
    'BRIN on the append-only timestamp: time-range reads at a few kB of index.';

-- Tenant identity: who the current transaction acts for.
--
-- current_user_id() is deliberately not SECURITY DEFINER and has no SET clause so
-- that PostgreSQL can inline it into row-level security policies; every name in
-- it is schema-qualified instead.

CREATE OR REPLACE FUNCTION auxeira.tenant_from_claims(setting text, claims text)
    RETURNS uuid
    LANGUAGE plpgsql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sub text := nullif(claims, '')::jsonb ->> 'sub';
BEGIN
    IF setting IS NULL OR sub IS NULL THEN
        RETURN coalesce(setting, sub)::uuid;
    END IF;
    IF setting::uuid <> sub::uuid THEN
        RAISE EXCEPTION 'the tenant is ambiguous: auxeira.user_id and the JWT sub claim name '
                        'different users'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'set one of auxeira.user_id or request.jwt.claims, or both to the same user';
    END IF;
    RETURN setting::uuid;
END
$$;

COMMENT ON FUNCTION auxeira.tenant_from_claims(text, text) IS
    'The tenant when PostgREST''s request.jwt.claims is set: its sub claim, or the setting '
    'auxeira.user_id when only that names a user; raises insufficient_privilege (42501) when '
    'both are set and name different users, so that neither silently wins. Called by '
    'current_user_id() only when claims are present, which keeps the common path (a service '
    'setting auxeira.user_id) a single setting look-up.';

CREATE OR REPLACE FUNCTION auxeira.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    -- Kept small on purpose: it is inlined into every policy and evaluated during planning
    -- too. Without JWT claims (the service path) it is the setting alone; with claims,
    -- tenant_from_claims() decides and refuses a conflict.
    SELECT CASE
        WHEN NULLIF(pg_catalog.current_setting('request.jwt.claims', true), '') IS NULL
            THEN NULLIF(pg_catalog.current_setting('auxeira.user_id', true), '')::pg_catalog.uuid
        ELSE auxeira.tenant_from_claims(
            NULLIF(pg_catalog.current_setting('auxeira.user_id', true), ''),
            pg_catalog.current_setting('request.jwt.claims', true))
    END
$$;

COMMENT ON FUNCTION auxeira.current_user_id() IS
    'The user (auxeira.users.id) the current transaction acts for: the transaction-local '
    'setting auxeira.user_id (set by auxeira_db.tenant()), else the sub claim of '
    'PostgREST''s request.jwt.claims. NULL when neither is set, which matches no rows: '
    'an unset tenant sees nothing. An empty string counts as unset. When both are set and name '
    'different users it raises insufficient_privilege instead of preferring one '
    '(auxeira.tenant_from_claims()). Every cast and operator is schema-qualified (no SET '
    'search_path, so that policies can inline it).';

CREATE OR REPLACE FUNCTION auxeira.owns_company(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.companies AS c
        WHERE c.id = owns_company.company_id
          AND c.user_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.owns_company(uuid) IS
    'True when the current user founded (owns) the company. SECURITY DEFINER so that '
    'policies on other tables can ask without recursing into the companies policies; '
    'it reveals one boolean about the caller''s own companies only.';

CREATE OR REPLACE FUNCTION auxeira.invests_in(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.investments AS i
        WHERE i.company_id = invests_in.company_id
          AND i.investor_id = auxeira.current_user_id()
          AND i.founder_consent = 'accepted'
    )
$$;

COMMENT ON FUNCTION auxeira.invests_in(uuid) IS
    'True when the current user holds an investment in the company that its founder accepted '
    '(investments.founder_consent = accepted). SECURITY DEFINER '
    'for the same reason as owns_company(): it lets an investor read the companies and '
    'company metrics of their portfolio without policy recursion.';

CREATE OR REPLACE FUNCTION auxeira.my_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(c.id), '{}')
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_company_ids() IS
    'The ids of the companies the current user founded, as an array. Policies use it as '
    '"company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[])": the scalar subquery runs once per '
    'statement (an InitPlan) instead of once per row, and the comparison can use an index.';

CREATE OR REPLACE FUNCTION auxeira.my_portfolio_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT i.company_id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
      AND i.founder_consent = 'accepted'
$$;

COMMENT ON FUNCTION auxeira.my_portfolio_company_ids() IS
    'The ids of the companies the current user holds an investment in that the founder accepted '
    '(founder_consent = accepted), as an array; used by the investor read policies once per '
    'statement (see my_company_ids()). A pending, rejected or revoked investment opens nothing.';

CREATE OR REPLACE FUNCTION auxeira.my_visible_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
       OR (i.company_id = ANY (auxeira.my_company_ids()) AND i.founder_consent = 'accepted')
$$;

COMMENT ON FUNCTION auxeira.my_visible_investment_ids() IS
    'The ids of the investments whose cash flows and valuation marks the current user may read '
    '(their own, and the accepted ones made in the companies they founded), as an array.';

CREATE OR REPLACE FUNCTION auxeira.my_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_investment_ids() IS
    'The ids of the current user''s own investments (as investor), as an array: the write '
    'policies of cash flows and valuation marks, which only the investor may write.';

-- Authorization by consent (migration 0008): the triggers that keep privileged columns and
-- consent in the owner role's hands, the audit log's writers, and the admin functions.
--
-- The guard triggers are SECURITY INVOKER on purpose: they ask who the current role is, and
-- inside a SECURITY DEFINER function that would always be the owner. They write the audit log
-- only on the platform's path (a tenant is refused before), through auxeira.write_audit().
--
-- A tenant's own writes can never grant it access to someone else's data: row-level
-- security decides which rows a tenant may write, and the guards below decide which columns
-- of those rows only the platform may set. "The platform" is any role that is a member of
-- auxeira_owner: migrations, maintenance, and the SECURITY DEFINER functions owned by it
-- (which run as auxeira_owner). Docs: docs/SECURITY.md.

CREATE FUNCTION auxeira.acting_as_platform()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.pg_has_role(current_user, 'auxeira_owner', 'MEMBER')
$$;

COMMENT ON FUNCTION auxeira.acting_as_platform() IS
    'True when the current role is auxeira_owner or a member of it (migrations, maintenance, '
    'superusers, and code inside SECURITY DEFINER functions owned by auxeira_owner); false for '
    'auxeira_app and auxeira_readonly. The guard triggers let only the platform change '
    'privileged columns.';

CREATE FUNCTION auxeira.max_unverified_companies()
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT 3
$$;

COMMENT ON FUNCTION auxeira.max_unverified_companies() IS
    'How many unverified companies one founder may hold at a time (3). Unverified companies '
    'never count toward the five-company minimum of the published aggregates; the bound stops a '
    'tenant from filling the platform with made-up ones.';

CREATE FUNCTION auxeira.write_audit(
    action text,
    entity text,
    entity_id text,
    old_value jsonb,
    new_value jsonb
)
    RETURNS void
    LANGUAGE sql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO auxeira.audit_log (acting_user_id, action, entity, entity_id, old_value, new_value)
    VALUES (auxeira.current_user_id(), write_audit.action, write_audit.entity,
            write_audit.entity_id, write_audit.old_value, write_audit.new_value)
$$;

COMMENT ON FUNCTION auxeira.write_audit(text, text, text, jsonb, jsonb) IS
    'Appends one row to auxeira.audit_log (who: session_user and the acting tenant; what; old '
    'and new values). SECURITY DEFINER because no role but the owner may insert into the log; '
    'called by the guard triggers on the platform''s path and by the admin functions, never '
    'executable by the application role (a tenant cannot forge entries).';

CREATE FUNCTION auxeira.audit_log_append_only()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'auxeira.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

COMMENT ON FUNCTION auxeira.audit_log_append_only() IS
    'Trigger function: refuses UPDATE, DELETE and TRUNCATE of auxeira.audit_log for every role, '
    'the owner included (a DBA who must rewrite history disables the trigger, visibly).';

-- The columns of a row that changed, as {column: value} before and after.
CREATE FUNCTION auxeira.changed_columns(
    old_row jsonb,
    new_row jsonb,
    columns text[],
    OUT old_value jsonb,
    OUT new_value jsonb
)
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_object_agg(c, changed_columns.old_row -> c),
           jsonb_object_agg(c, changed_columns.new_row -> c)
    FROM unnest(changed_columns.columns) AS c
    WHERE (changed_columns.old_row -> c) IS DISTINCT FROM (changed_columns.new_row -> c)
$$;

COMMENT ON FUNCTION auxeira.changed_columns(jsonb, jsonb, text[]) IS
    'Of the named columns, those whose value differs between two row images (to_jsonb of OLD '
    'and NEW), as two objects {column: value}; both NULL when none changed.';

-- users -----------------------------------------------------------------------------------------

CREATE FUNCTION auxeira.users_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- Columns that decide what a user may see or pay: the platform's to change.
    privileged constant text[] := ARRAY[
        'email', 'user_type', 'subscription_tier', 'subscription_status', 'trial_ends_at',
        'is_synthetic', 'expires_at'];
    diff record;
BEGIN
    SELECT * INTO diff
    FROM auxeira.changed_columns(to_jsonb(OLD), to_jsonb(NEW), privileged);
    IF diff.new_value IS NULL THEN
        RETURN NEW;
    END IF;
    IF NOT auxeira.acting_as_platform() THEN
        RAISE EXCEPTION 'users.% can be changed only by the platform',
            (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(diff.new_value) AS k)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'e-mail: auxeira.admin_set_email(); user type: auxeira.admin_set_user_type()';
    END IF;
    PERFORM auxeira.write_audit('user privileges changed', 'users', NEW.id::text,
                                diff.old_value, diff.new_value);
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.users_guard() IS
    'Trigger function (BEFORE UPDATE ON users): email (the sign-in identity: a tenant could '
    'otherwise probe which addresses are registered, or squat one), user_type, '
    'subscription_tier, subscription_status, trial_ends_at, is_synthetic and expires_at change '
    'only when the '
    'platform changes them (auxeira.acting_as_platform()); a tenant''s UPDATE of any of them '
    'raises insufficient_privilege. Every change is written to auxeira.audit_log.';

-- companies -------------------------------------------------------------------------------------

CREATE FUNCTION auxeira.companies_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    platform constant boolean := auxeira.acting_as_platform();
    unverified integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF platform THEN
            RETURN NEW;
        END IF;
        IF NEW.verified OR NEW.verified_at IS NOT NULL THEN
            RAISE EXCEPTION 'a company is verified by the platform, not by its founder'
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'insert it unverified; auxeira.admin_set_company_verified() verifies';
        END IF;
        -- Serialise one founder's inserts so that two sessions cannot both pass the bound.
        PERFORM pg_advisory_xact_lock(hashtextextended('auxeira.companies:' || NEW.user_id, 0));
        SELECT count(*) INTO unverified
        FROM auxeira.companies AS c
        WHERE c.user_id = NEW.user_id AND NOT c.verified;
        IF unverified >= auxeira.max_unverified_companies() THEN
            RAISE EXCEPTION 'a founder may hold at most % unverified companies',
                auxeira.max_unverified_companies()
                USING ERRCODE = 'check_violation',
                      HINT = 'wait until the platform verified one, or delete one';
        END IF;
        RETURN NEW;
    END IF;
    IF (OLD.verified, OLD.verified_at) IS NOT DISTINCT FROM (NEW.verified, NEW.verified_at) THEN
        RETURN NEW;
    END IF;
    IF NOT platform THEN
        RAISE EXCEPTION 'companies.verified can be changed only by the platform'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'auxeira.admin_set_company_verified()';
    END IF;
    IF OLD.verified IS DISTINCT FROM NEW.verified THEN
        PERFORM auxeira.write_audit(
            CASE WHEN NEW.verified THEN 'company verified' ELSE 'company unverified' END,
            'companies', NEW.id::text,
            jsonb_build_object('verified', OLD.verified),
            jsonb_build_object('verified', NEW.verified));
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.companies_guard() IS
    'Trigger function (BEFORE INSERT OR UPDATE ON companies): a tenant inserts companies '
    'unverified only, at most auxeira.max_unverified_companies() unverified ones per founder '
    '(check_violation beyond), and never changes verified / verified_at (insufficient_privilege); '
    'the platform does both, and each change of verified is written to auxeira.audit_log.';

-- relationships that name a company ---------------------------------------------------------------

CREATE FUNCTION auxeira.relationship_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: the column naming the company; TG_ARGV[1]: the column naming the other party.
    company_col constant text := TG_ARGV[0];
    party_col constant text := TG_ARGV[1];
    new_row constant jsonb := to_jsonb(NEW);
    company uuid := (new_row ->> company_col)::uuid;
    diff record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF auxeira.acting_as_platform() THEN
            RETURN NEW;
        END IF;
        IF NEW.founder_consent <> 'pending' OR NEW.founder_consent_at IS NOT NULL THEN
            RAISE EXCEPTION '%.founder_consent is the founder''s answer: a new row is pending',
                TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege',
                      HINT = 'the founder answers with auxeira_dash.startup_answer_relationship()';
        END IF;
        -- Recorded by the company's own founder: consent is given by recording it.
        IF company IS NOT NULL AND auxeira.owns_company(company) THEN
            NEW.founder_consent := 'accepted';
            NEW.founder_consent_at := now();
        END IF;
        RETURN NEW;
    END IF;
    SELECT * INTO diff
    FROM auxeira.changed_columns(
        to_jsonb(OLD), new_row,
        ARRAY['founder_consent', 'founder_consent_at', company_col, party_col]);
    IF diff.new_value IS NULL THEN
        RETURN NEW;
    END IF;
    IF NOT auxeira.acting_as_platform() THEN
        RAISE EXCEPTION '%.% can be changed only by the founder''s answer (or the platform)',
            TG_TABLE_NAME,
            (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(diff.new_value) AS k)
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'record a new relationship instead of moving this one';
    END IF;
    IF OLD.founder_consent IS DISTINCT FROM NEW.founder_consent THEN
        PERFORM auxeira.write_audit(
            'relationship ' || NEW.founder_consent, TG_TABLE_NAME, NEW.id::text,
            jsonb_build_object('founder_consent', OLD.founder_consent,
                               'company_id', to_jsonb(OLD) -> company_col),
            jsonb_build_object('founder_consent', NEW.founder_consent,
                               'company_id', new_row -> company_col));
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.relationship_guard() IS
    'Trigger function (BEFORE INSERT OR UPDATE ON investments, corporate_partnerships, '
    'syndicates; arguments: the company column and the other party''s column). A tenant''s new '
    'row starts pending (accepted at once when the tenant founded the company itself); only the '
    'platform changes founder_consent, founder_consent_at, the company or the other party of an '
    'existing row (insufficient_privilege otherwise), so an accepted relationship cannot be moved '
    'to another company. Every change of founder_consent is written to auxeira.audit_log.';

-- admin functions (EXECUTE for auxeira_admin only) -----------------------------------------------

CREATE FUNCTION auxeira.admin_create_user(
    email text,
    user_type text,
    company_name text DEFAULT NULL
)
    RETURNS uuid
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    new_id uuid;
BEGIN
    INSERT INTO auxeira.users AS u (email, user_type, company_name)
    VALUES (admin_create_user.email, admin_create_user.user_type, admin_create_user.company_name)
    RETURNING u.id INTO new_id;
    PERFORM auxeira.write_audit('user created', 'users', new_id::text, NULL,
                                jsonb_build_object('email', admin_create_user.email,
                                                   'user_type', admin_create_user.user_type));
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION auxeira.admin_create_user(text, text, text) IS
    'Creates a platform account (sign-up) and returns its id; audited. The application role '
    'cannot insert users rows (a tenant could otherwise create itself as government); the '
    'sign-up service calls this as a member of auxeira_admin. Constraint violations (bad '
    'e-mail, unknown user_type, duplicate e-mail) reach the caller unchanged.';

CREATE FUNCTION auxeira.admin_set_email(user_id uuid, email text)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE auxeira.users AS u
    SET email = admin_set_email.email
    WHERE u.id = admin_set_email.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', admin_set_email.user_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.admin_set_email(uuid, text) IS
    'Changes a user''s sign-in e-mail once the service has verified the new address (a tenant '
    'cannot: it could probe which addresses are registered, or squat one); audited by '
    'users_guard. For auxeira_admin only.';

CREATE FUNCTION auxeira.admin_set_user_type(user_id uuid, user_type text)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE auxeira.users AS u
    SET user_type = admin_set_user_type.user_type
    WHERE u.id = admin_set_user_type.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', admin_set_user_type.user_id USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.admin_set_user_type(uuid, text) IS
    'Changes a user''s user_type (which dashboard and which shared data it reaches); the '
    'change is audited by the users_guard trigger. For auxeira_admin only.';

CREATE FUNCTION auxeira.admin_set_subscription(
    user_id uuid,
    subscription_tier text,
    subscription_status text
)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE auxeira.users AS u
    SET subscription_tier = admin_set_subscription.subscription_tier,
        subscription_status = admin_set_subscription.subscription_status
    WHERE u.id = admin_set_subscription.user_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', admin_set_subscription.user_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.admin_set_subscription(uuid, text, text) IS
    'Sets a user''s subscription tier and status by hand (support, corrections); the billing '
    'ledger of a later release changes them from payment events. Audited by users_guard. For '
    'auxeira_admin only.';

CREATE FUNCTION auxeira.admin_set_company_verified(company_id uuid, verified boolean)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE auxeira.companies AS c
    SET verified = admin_set_company_verified.verified,
        verified_at = CASE WHEN admin_set_company_verified.verified THEN now() END
    WHERE c.id = admin_set_company_verified.company_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no company %', admin_set_company_verified.company_id
            USING ERRCODE = 'no_data_found';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.admin_set_company_verified(uuid, boolean) IS
    'Marks a company verified (it then counts toward the five-company minimum of the published '
    'aggregates) or unverified; audited by companies_guard. For auxeira_admin only.';

-- Disclosure control helpers for the published aggregates (migration 0008).

CREATE FUNCTION auxeira.round_significant(value numeric, digits integer)
    RETURNS numeric
    LANGUAGE sql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN round_significant.value = 0 THEN 0
        ELSE round(round_significant.value,
                   round_significant.digits - 1
                   - floor(log(abs(round_significant.value)))::integer)
    END
$$;

COMMENT ON FUNCTION auxeira.round_significant(numeric, integer) IS
    'value rounded to digits significant figures (8558584.54, 2 -> 8600000; 0.012345, 2 -> '
    '0.012): published order statistics such as the ecosystem pulse''s median are rounded so '
    'that they cannot be matched to one company''s exact figure.';

-- auxeira.company_profiles: the public face of every company (migration 0008).
--
-- A relationship that the founder has not accepted (an investment, a partnership, a
-- syndicate) opens none of the company's confidential data; the dashboards still need the
-- company's name for such a row. These columns are public to every signed-in user: name,
-- industry, stage, location, website, logo, founding date and whether the platform verified
-- it. Everything else (valuation, revenue, burn, headcount, scores, metrics) stays behind
-- row-level security.

-- Not a security_barrier view: its only filter is the tenant test, which the planner runs once
-- per statement, and a barrier would stop the join to companies from using the primary key
-- (a sequential scan of every company per dashboard row).
CREATE VIEW auxeira.company_profiles AS
SELECT c.id,
       c.name,
       c.industry,
       c.stage,
       c.location,
       c.website,
       c.logo_url,
       c.founded_date,
       c.verified
FROM auxeira.companies AS c
WHERE auxeira.current_user_id() IS NOT NULL;

COMMENT ON VIEW auxeira.company_profiles IS
    'The public profile of every company (name, industry, stage, location, website, logo, '
    'founding date, verified), for every signed-in user; no rows without a tenant. Not '
    'security_invoker: it reads companies as its owner, which is why it exposes these columns '
    'only. Confidential figures stay in auxeira.companies under row-level security.';
COMMENT ON COLUMN auxeira.company_profiles.id IS 'The company (companies.id).';
COMMENT ON COLUMN auxeira.company_profiles.name IS 'Company name as displayed on dashboards.';
COMMENT ON COLUMN auxeira.company_profiles.industry IS 'Industry or sector, free text.';
COMMENT ON COLUMN auxeira.company_profiles.stage IS 'Funding stage reached.';
COMMENT ON COLUMN auxeira.company_profiles.location IS 'Headquarters location, free text.';
COMMENT ON COLUMN auxeira.company_profiles.website IS 'Company website URL.';
COMMENT ON COLUMN auxeira.company_profiles.logo_url IS 'URL of the company logo image.';
COMMENT ON COLUMN auxeira.company_profiles.founded_date IS 'Date founded or incorporated.';
COMMENT ON COLUMN auxeira.company_profiles.verified IS
    'true = the platform verified the company (companies.verified).';

-- Dashboards: the public profile where a relationship may still be pending; the founder's
-- valuation from accepted investors' marks only.

CREATE OR REPLACE VIEW auxeira_dash.startup_overview
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
      -- only investors the founder accepted, and no mark dated in the future
      AND i.founder_consent = 'accepted'
      AND m.mark_date <= CURRENT_DATE
    ORDER BY m.mark_date DESC, m.created_at DESC
    LIMIT 1
) AS mark ON true
WHERE u.id = auxeira.current_user_id();

CREATE OR REPLACE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
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
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    WHERE p.investor_id = auxeira.current_user_id();

CREATE OR REPLACE FUNCTION auxeira_dash.vc_lp_report_schedule(
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
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND p.investor_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

CREATE OR REPLACE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
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
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

CREATE OR REPLACE VIEW auxeira_dash.angel_syndicate_opportunities WITH (security_invoker = true) AS
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
    LEFT JOIN auxeira.company_profiles AS c ON c.id = s.company_id
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

CREATE OR REPLACE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
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
    LEFT JOIN auxeira.company_profiles AS co ON co.id = inv.company_id
    -- an exit whose distributions recovered the whole basis realises nothing more
    WHERE c.event_type = 'distribution' OR c.cost_basis > 0;

-- Aggregates: verified companies only (the five-company minimum cannot be padded).
DROP MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse;
DROP MATERIALIZED VIEW auxeira_mv.government_compliance_summary;
DROP MATERIALIZED VIEW auxeira_mv.government_economic_impact;

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
    -- only verified companies count toward the five-company minimum (made-up companies could
    -- otherwise pad a group around one real company)
    WHERE c.verified
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
       -- A median is one company's value (or the mean of two): published only over at least
       -- eleven valued companies and to two significant figures, so that it names no company.
       CASE WHEN count(r.current_valuation) >= 11
            THEN auxeira.round_significant(
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY r.current_valuation)::numeric, 2)
       END AS median_valuation,
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
    'rounded to two significant figures; NULL when fewer than eleven companies of the group '
    'have a valuation (a median of a small group is one company''s exact figure).';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.total_funding IS
    'Sum of companies.funding_raised (unknown values left out).';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_growth_rate IS
    'Mean of companies.growth_rate (annual, a fraction), 4 decimals; NULL = none known.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_sse_score IS
    'Mean SSE score (0-100) of the scored companies, 1 decimal; NULL = none scored.';

COMMENT ON INDEX auxeira_mv.corporate_ecosystem_pulse_key IS
    'One row per (industry, stage) label pair; makes REFRESH ... CONCURRENTLY possible.';

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
    -- verified companies only: made-up companies must not pad a group to five
    JOIN auxeira.companies AS c ON c.id = pc.company_id AND c.verified
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
FROM (
    -- Verified companies only (made-up companies must not pad a requirement to five), and the
    -- rows a founder did not share only when at least five are unshared: the shared rows are
    -- listed to the regulator one by one, so the summary minus that list must never isolate
    -- fewer than five unshared companies.
    SELECT x.requirement_id, x.status
    FROM (
        SELECT cc.requirement_id, cc.status, cc.shared_with_regulator,
               count(*) FILTER (WHERE NOT cc.shared_with_regulator)
                   OVER (PARTITION BY cc.requirement_id) AS unshared
        FROM auxeira.company_compliance AS cc
        JOIN auxeira.companies AS c ON c.id = cc.company_id AND c.verified
    ) AS x
    WHERE x.shared_with_regulator OR x.unshared >= 5
) AS cc
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
    'Companies with a status for the requirement (any status); always >= 5. Verified companies '
    'only; the ones that did not share their status count only when at least five did not.';

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

GRANT SELECT ON auxeira_mv.corporate_ecosystem_pulse TO auxeira_readonly;
GRANT SELECT ON
    auxeira_mv.government_economic_impact,
    auxeira_mv.government_compliance_summary
    TO auxeira_readonly;

-- Startup founder dashboard: the relationships other users recorded against the founder's
-- companies, and the founder's answer to them (migration 0008).
--
--   GET  /api/dashboard/startup/relationships       auxeira_dash.startup_relationships
--   POST /api/dashboard/startup/relationships/:id   auxeira_dash.startup_answer_relationship
--
-- An investment, a corporate partnership or a syndicate that names a company opens nothing of
-- that company until its founder accepts it; a revoked one closes again (the row and its
-- history stay, auxeira.audit_log records every answer).

CREATE VIEW auxeira_dash.startup_relationships
WITH (security_invoker = true) AS
SELECT 'investment'::text AS relationship,
       i.id,
       i.company_id,
       c.name AS company_name,
       i.investor_id AS counterparty_id,
       i.investment_round::text AS detail,
       i.amount,
       i.investment_date AS relationship_date,
       i.founder_consent,
       i.founder_consent_at,
       i.created_at
FROM auxeira.investments AS i
JOIN auxeira.companies AS c ON c.id = i.company_id
WHERE c.user_id = auxeira.current_user_id()
UNION ALL
SELECT 'partnership',
       p.id,
       p.startup_id,
       c.name,
       p.corporate_partner_id,
       p.partnership_type::text,
       p.partnership_value,
       p.start_date,
       p.founder_consent,
       p.founder_consent_at,
       p.created_at
FROM auxeira.corporate_partnerships AS p
JOIN auxeira.companies AS c ON c.id = p.startup_id
WHERE c.user_id = auxeira.current_user_id()
UNION ALL
SELECT 'syndicate',
       s.id,
       s.company_id,
       c.name,
       s.lead_id,
       s.name::text,
       s.target_amount,
       s.deadline,
       s.founder_consent,
       s.founder_consent_at,
       s.created_at
FROM auxeira.syndicates AS s
JOIN auxeira.companies AS c ON c.id = s.company_id
WHERE c.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_relationships IS
    'GET /api/dashboard/startup/relationships: every investment, corporate partnership and '
    'syndicate recorded against one of the current founder''s companies, with the founder''s '
    'answer (founder_consent: pending, accepted, rejected, revoked). Pending rows are the ones '
    'to answer with auxeira_dash.startup_answer_relationship(). security_invoker: row-level '
    'security applies (founders read the relationships on their companies).';
COMMENT ON COLUMN auxeira_dash.startup_relationships.relationship IS
    'investment, partnership or syndicate.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.id IS
    'The row of investments, corporate_partnerships or syndicates.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.company_id IS 'The founder''s company.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.company_name IS 'Its name.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.counterparty_id IS
    'The investor, corporate partner or syndicate lead (users.id) who recorded it.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.detail IS
    'Investment round, partnership type or syndicate name.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.amount IS
    'Amount invested, partnership value or syndicate target, in currency units.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.relationship_date IS
    'Investment date, partnership start or syndicate deadline.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.founder_consent IS
    'pending, accepted, rejected or revoked.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.founder_consent_at IS
    'When the founder last answered; NULL while pending.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.created_at IS 'When it was recorded.';

CREATE FUNCTION auxeira_dash.startup_answer_relationship(
    relationship text,
    id uuid,
    answer text
)
    RETURNS text
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    company uuid;
    current text;
    target text;
BEGIN
    target := CASE startup_answer_relationship.answer
                  WHEN 'accept' THEN 'accepted'
                  WHEN 'reject' THEN 'rejected'
                  WHEN 'revoke' THEN 'revoked'
              END;
    IF target IS NULL THEN
        RAISE EXCEPTION 'answer must be accept, reject or revoke, not %',
            coalesce(quote_literal(startup_answer_relationship.answer), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    CASE startup_answer_relationship.relationship
        WHEN 'investment' THEN
            SELECT i.company_id, i.founder_consent INTO company, current
            FROM auxeira.investments AS i WHERE i.id = startup_answer_relationship.id
            FOR UPDATE;
        WHEN 'partnership' THEN
            SELECT p.startup_id, p.founder_consent INTO company, current
            FROM auxeira.corporate_partnerships AS p WHERE p.id = startup_answer_relationship.id
            FOR UPDATE;
        WHEN 'syndicate' THEN
            SELECT s.company_id, s.founder_consent INTO company, current
            FROM auxeira.syndicates AS s WHERE s.id = startup_answer_relationship.id
            FOR UPDATE;
        ELSE
            RAISE EXCEPTION 'relationship must be investment, partnership or syndicate, not %',
                coalesce(quote_literal(startup_answer_relationship.relationship), 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    -- The same answer for a missing row and for someone else's: existence is not revealed.
    IF company IS NULL OR NOT auxeira.owns_company(company) THEN
        RAISE EXCEPTION 'no % % on a company of yours', startup_answer_relationship.relationship,
            startup_answer_relationship.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF current = target THEN
        RETURN current;
    END IF;
    IF target = 'revoked' AND current <> 'accepted' THEN
        RAISE EXCEPTION 'only an accepted % can be revoked (it is %)',
            startup_answer_relationship.relationship, current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'reject a pending one instead';
    END IF;
    IF target = 'rejected' AND current <> 'pending' THEN
        RAISE EXCEPTION 'only a pending % can be rejected (it is %)',
            startup_answer_relationship.relationship, current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'revoke an accepted one instead';
    END IF;
    CASE startup_answer_relationship.relationship
        WHEN 'investment' THEN
            UPDATE auxeira.investments AS i
            SET founder_consent = target, founder_consent_at = now()
            WHERE i.id = startup_answer_relationship.id;
        WHEN 'partnership' THEN
            UPDATE auxeira.corporate_partnerships AS p
            SET founder_consent = target, founder_consent_at = now()
            WHERE p.id = startup_answer_relationship.id;
        ELSE
            UPDATE auxeira.syndicates AS s
            SET founder_consent = target, founder_consent_at = now()
            WHERE s.id = startup_answer_relationship.id;
    END CASE;
    RETURN target;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text) IS
    'POST /api/dashboard/startup/relationships/:id: the current founder answers a relationship '
    'recorded against one of their companies (relationship: investment, partnership or '
    'syndicate; answer: accept, reject or revoke) and gets the new founder_consent back. '
    'accept opens the company''s confidential data to the investor (any earlier answer may be '
    'changed to accept); reject answers a pending one; revoke closes an accepted one again, '
    'keeping the row. Idempotent. Raises insufficient_privilege for a relationship that is '
    'missing or not on the caller''s company (without telling which), invalid_parameter_value '
    'for a bad argument or transition. SECURITY DEFINER: only it (as the platform) changes '
    'founder_consent; every change is audited by the relationship_guard trigger.';

-- Policies: one per command for every tenant role (no FOR ALL), write policies name the
-- row's owner only.

DROP POLICY analytics_events_self ON auxeira.analytics_events;
DROP POLICY auction_bids_bidder ON auxeira.auction_bids;
DROP POLICY companies_founder ON auxeira.companies;
DROP POLICY companies_investor_read ON auxeira.companies;
DROP POLICY company_compliance_founder ON auxeira.company_compliance;
DROP POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships;
DROP POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships;
DROP POLICY customer_interviews_founder ON auxeira.customer_interviews;
DROP POLICY deals_investor ON auxeira.deals;
DROP POLICY economic_impact_founder ON auxeira.economic_impact;
DROP POLICY economic_impact_investor_read ON auxeira.economic_impact;
DROP POLICY education_programmes_esg_owner ON auxeira.education_programmes;
DROP POLICY education_student_outcomes_esg_owner ON auxeira.education_student_outcomes;
DROP POLICY education_teacher_training_esg_owner ON auxeira.education_teacher_training;
DROP POLICY education_unesco_compliance_esg_owner ON auxeira.education_unesco_compliance;
DROP POLICY esg_metrics_founder ON auxeira.esg_metrics;
DROP POLICY esg_metrics_investor_read ON auxeira.esg_metrics;
DROP POLICY founder_daily_actions_founder ON auxeira.founder_daily_actions;
DROP POLICY fund_cash_flows_follow_fund ON auxeira.fund_cash_flows;
DROP POLICY funds_manager ON auxeira.funds;
DROP POLICY government_policies_owner ON auxeira.government_policies;
DROP POLICY government_policy_impacts_owner ON auxeira.government_policy_impacts;
DROP POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows;
DROP POLICY investments_founder_read ON auxeira.investments;
DROP POLICY investments_investor ON auxeira.investments;
DROP POLICY partnership_auctions_opener ON auxeira.partnership_auctions;
DROP POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics;
DROP POLICY regulatory_requirements_publisher ON auxeira.regulatory_requirements;
DROP POLICY startup_evidence_founder ON auxeira.startup_evidence;
DROP POLICY subscription_events_self ON auxeira.subscription_events;
DROP POLICY syndicate_members_member ON auxeira.syndicate_members;
DROP POLICY syndicates_lead ON auxeira.syndicates;
DROP POLICY syndicates_open_angel_select ON auxeira.syndicates;
DROP POLICY users_self ON auxeira.users;
DROP POLICY valuation_marks_follow_investment ON auxeira.valuation_marks;

CREATE POLICY users_self_select ON auxeira.users
    FOR SELECT TO auxeira_app
    USING (id = auxeira.current_user_id());

COMMENT ON POLICY users_self_select ON auxeira.users IS
    'A user reads their own users row only.';

CREATE POLICY users_self_update ON auxeira.users
    FOR UPDATE TO auxeira_app
    USING (id = auxeira.current_user_id())
    WITH CHECK (id = auxeira.current_user_id());

COMMENT ON POLICY users_self_update ON auxeira.users IS
    'A user edits their own profile columns; user_type and the subscription columns are the '
    'platform''s (trigger users_guard). No INSERT or DELETE policy: accounts are created by '
    'auxeira.admin_create_user().';

CREATE POLICY companies_founder_select ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY companies_founder_select ON auxeira.companies IS
    'A founder reads the companies whose user_id is theirs.';

CREATE POLICY companies_founder_insert ON auxeira.companies
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());

COMMENT ON POLICY companies_founder_insert ON auxeira.companies IS
    'A founder creates companies in their own name (unverified, and a bounded number: trigger '
    'companies_guard).';

CREATE POLICY companies_founder_update ON auxeira.companies
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());

COMMENT ON POLICY companies_founder_update ON auxeira.companies IS
    'A founder edits their own companies (not verified: trigger companies_guard).';

CREATE POLICY companies_founder_delete ON auxeira.companies
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY companies_founder_delete ON auxeira.companies IS
    'A founder deletes their own companies (refused by foreign keys while rows refer to them).';

CREATE POLICY companies_investor_read ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

COMMENT ON POLICY companies_investor_read ON auxeira.companies IS
    'An investor reads the companies they hold an investment in that the founder accepted. '
    'Everyone signed in reads the public columns through auxeira.company_profiles.';

CREATE POLICY investments_investor_select ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY investments_investor_select ON auxeira.investments IS
    'An investor reads their own investments, whatever the founder answered.';

CREATE POLICY investments_investor_insert ON auxeira.investments
    FOR INSERT TO auxeira_app
    WITH CHECK (
        investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    );

COMMENT ON POLICY investments_investor_insert ON auxeira.investments IS
    'An investor records investments in their own name, in a fund they manage (or none); a '
    'new investment is pending until the founder accepts it (trigger investments_guard_consent).';

CREATE POLICY investments_investor_update ON auxeira.investments
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (
        investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    );

COMMENT ON POLICY investments_investor_update ON auxeira.investments IS
    'An investor edits their own investments, keeping them in funds they manage; the company, '
    'the investor and the founder''s consent cannot change (trigger investments_guard_consent).';

CREATE POLICY investments_investor_delete ON auxeira.investments
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY investments_investor_delete ON auxeira.investments IS
    'An investor deletes their own investments (refused by foreign keys while flows refer to '
    'them).';

CREATE POLICY investments_founder_read ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY investments_founder_read ON auxeira.investments IS
    'A founder reads the investments recorded in their companies (their cap table, and the '
    'pending ones to answer). Never written by the founder.';

CREATE POLICY portfolio_metrics_investor_select ON auxeira.portfolio_metrics
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY portfolio_metrics_investor_select ON auxeira.portfolio_metrics IS
    'An investor reads their own portfolio snapshots.';

CREATE POLICY portfolio_metrics_investor_insert ON auxeira.portfolio_metrics
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id());

COMMENT ON POLICY portfolio_metrics_investor_insert ON auxeira.portfolio_metrics IS
    'An investor records snapshots of their own portfolio only.';

CREATE POLICY portfolio_metrics_investor_update ON auxeira.portfolio_metrics
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());

COMMENT ON POLICY portfolio_metrics_investor_update ON auxeira.portfolio_metrics IS
    'An investor edits their own snapshots only.';

CREATE POLICY portfolio_metrics_investor_delete ON auxeira.portfolio_metrics
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY portfolio_metrics_investor_delete ON auxeira.portfolio_metrics IS
    'An investor deletes their own snapshots only.';

CREATE POLICY esg_metrics_founder_select ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY esg_metrics_founder_select ON auxeira.esg_metrics IS
    'The founder of the company reads its ESG metrics.';

CREATE POLICY esg_metrics_founder_insert ON auxeira.esg_metrics
    FOR INSERT TO auxeira_app
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY esg_metrics_founder_insert ON auxeira.esg_metrics IS
    'The founder of the company records its ESG metrics.';

CREATE POLICY esg_metrics_founder_update ON auxeira.esg_metrics
    FOR UPDATE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY esg_metrics_founder_update ON auxeira.esg_metrics IS
    'The founder of the company edits its ESG metrics.';

CREATE POLICY esg_metrics_founder_delete ON auxeira.esg_metrics
    FOR DELETE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY esg_metrics_founder_delete ON auxeira.esg_metrics IS
    'The founder of the company deletes its ESG metrics.';

CREATE POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

COMMENT ON POLICY esg_metrics_investor_read ON auxeira.esg_metrics IS
    'Investors in the company whose investment the founder accepted read its ESG metrics.';

CREATE POLICY economic_impact_founder_select ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY economic_impact_founder_select ON auxeira.economic_impact IS
    'The founder of the company reads its economic impact figures.';

CREATE POLICY economic_impact_founder_insert ON auxeira.economic_impact
    FOR INSERT TO auxeira_app
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY economic_impact_founder_insert ON auxeira.economic_impact IS
    'The founder of the company records its economic impact figures.';

CREATE POLICY economic_impact_founder_update ON auxeira.economic_impact
    FOR UPDATE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY economic_impact_founder_update ON auxeira.economic_impact IS
    'The founder of the company edits its economic impact figures.';

CREATE POLICY economic_impact_founder_delete ON auxeira.economic_impact
    FOR DELETE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY economic_impact_founder_delete ON auxeira.economic_impact IS
    'The founder of the company deletes its economic impact figures.';

CREATE POLICY economic_impact_investor_read ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

COMMENT ON POLICY economic_impact_investor_read ON auxeira.economic_impact IS
    'Investors in the company whose investment the founder accepted read its economic impact figures.';

CREATE POLICY corporate_partnerships_partner_select ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id());

COMMENT ON POLICY corporate_partnerships_partner_select ON auxeira.corporate_partnerships IS
    'A corporate partner reads its own partnerships.';

CREATE POLICY corporate_partnerships_partner_insert ON auxeira.corporate_partnerships
    FOR INSERT TO auxeira_app
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());

COMMENT ON POLICY corporate_partnerships_partner_insert ON auxeira.corporate_partnerships IS
    'A corporate partner records partnerships in its own name; pending until the startup''s '
    'founder accepts (trigger corporate_partnerships_guard_consent).';

CREATE POLICY corporate_partnerships_partner_update ON auxeira.corporate_partnerships
    FOR UPDATE TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id())
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());

COMMENT ON POLICY corporate_partnerships_partner_update ON auxeira.corporate_partnerships IS
    'A corporate partner edits its own partnerships (not the startup nor the consent).';

CREATE POLICY corporate_partnerships_partner_delete ON auxeira.corporate_partnerships
    FOR DELETE TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id());

COMMENT ON POLICY corporate_partnerships_partner_delete ON auxeira.corporate_partnerships IS
    'A corporate partner deletes its own partnerships.';

CREATE POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (startup_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships IS
    'The founder of the startup reads the partnerships recorded against it (every status).';

CREATE POLICY analytics_events_self_select ON auxeira.analytics_events
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY analytics_events_self_select ON auxeira.analytics_events IS
    'A user reads their own analytics events.';

CREATE POLICY analytics_events_self_insert ON auxeira.analytics_events
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());

COMMENT ON POLICY analytics_events_self_insert ON auxeira.analytics_events IS
    'A user records their own analytics events.';

CREATE POLICY subscription_events_self_select ON auxeira.subscription_events
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY subscription_events_self_select ON auxeira.subscription_events IS
    'A user reads their own subscription events.';

CREATE POLICY funds_manager_select ON auxeira.funds
    FOR SELECT TO auxeira_app
    USING (manager_id = auxeira.current_user_id());

COMMENT ON POLICY funds_manager_select ON auxeira.funds IS
    'A VC reads the funds it manages.';

CREATE POLICY funds_manager_insert ON auxeira.funds
    FOR INSERT TO auxeira_app
    WITH CHECK (manager_id = auxeira.current_user_id());

COMMENT ON POLICY funds_manager_insert ON auxeira.funds IS
    'A VC creates the funds it manages.';

CREATE POLICY funds_manager_update ON auxeira.funds
    FOR UPDATE TO auxeira_app
    USING (manager_id = auxeira.current_user_id())
    WITH CHECK (manager_id = auxeira.current_user_id());

COMMENT ON POLICY funds_manager_update ON auxeira.funds IS
    'A VC edits the funds it manages.';

CREATE POLICY funds_manager_delete ON auxeira.funds
    FOR DELETE TO auxeira_app
    USING (manager_id = auxeira.current_user_id());

COMMENT ON POLICY funds_manager_delete ON auxeira.funds IS
    'A VC deletes the funds it manages.';

CREATE POLICY investment_cash_flows_select ON auxeira.investment_cash_flows
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));

COMMENT ON POLICY investment_cash_flows_select ON auxeira.investment_cash_flows IS
    'The investor reads the cash flows of their investments; the founder those of the accepted '
    'investments in their companies.';

CREATE POLICY investment_cash_flows_investor_insert ON auxeira.investment_cash_flows
    FOR INSERT TO auxeira_app
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY investment_cash_flows_investor_insert ON auxeira.investment_cash_flows IS
    'Only the investor records cash flows of their own investments.';

CREATE POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows
    FOR UPDATE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]))
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows IS
    'Only the investor edits the cash flows of their own investments.';

CREATE POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows
    FOR DELETE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows IS
    'Only the investor deletes the cash flows of their own investments.';

CREATE POLICY valuation_marks_select ON auxeira.valuation_marks
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));

COMMENT ON POLICY valuation_marks_select ON auxeira.valuation_marks IS
    'The investor reads the valuation marks of their investments; the founder those of the accepted '
    'investments in their companies.';

CREATE POLICY valuation_marks_investor_insert ON auxeira.valuation_marks
    FOR INSERT TO auxeira_app
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY valuation_marks_investor_insert ON auxeira.valuation_marks IS
    'Only the investor records valuation marks of their own investments.';

CREATE POLICY valuation_marks_investor_update ON auxeira.valuation_marks
    FOR UPDATE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]))
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY valuation_marks_investor_update ON auxeira.valuation_marks IS
    'Only the investor edits the valuation marks of their own investments.';

CREATE POLICY valuation_marks_investor_delete ON auxeira.valuation_marks
    FOR DELETE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));

COMMENT ON POLICY valuation_marks_investor_delete ON auxeira.valuation_marks IS
    'Only the investor deletes the valuation marks of their own investments.';

CREATE POLICY fund_cash_flows_manager_select ON auxeira.fund_cash_flows
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));

COMMENT ON POLICY fund_cash_flows_manager_select ON auxeira.fund_cash_flows IS
    'The manager of the fund reads its fees, expenses and carried interest.';

CREATE POLICY fund_cash_flows_manager_insert ON auxeira.fund_cash_flows
    FOR INSERT TO auxeira_app
    WITH CHECK (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));

COMMENT ON POLICY fund_cash_flows_manager_insert ON auxeira.fund_cash_flows IS
    'The manager of the fund records its fees, expenses and carried interest.';

CREATE POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows
    FOR UPDATE TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    WITH CHECK (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));

COMMENT ON POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows IS
    'The manager of the fund edits its fees, expenses and carried interest.';

CREATE POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows
    FOR DELETE TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));

COMMENT ON POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows IS
    'The manager of the fund deletes its fees, expenses and carried interest.';

CREATE POLICY founder_daily_actions_founder_select ON auxeira.founder_daily_actions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY founder_daily_actions_founder_select ON auxeira.founder_daily_actions IS
    'A founder reads their own daily actions.';

CREATE POLICY founder_daily_actions_founder_insert ON auxeira.founder_daily_actions
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id()
        AND (company_id IS NULL OR auxeira.owns_company(company_id)));

COMMENT ON POLICY founder_daily_actions_founder_insert ON auxeira.founder_daily_actions IS
    'A founder records daily actions for themselves, about their own companies only.';

CREATE POLICY founder_daily_actions_founder_update ON auxeira.founder_daily_actions
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id()
        AND (company_id IS NULL OR auxeira.owns_company(company_id)));

COMMENT ON POLICY founder_daily_actions_founder_update ON auxeira.founder_daily_actions IS
    'A founder progresses their own daily actions, about their own companies only.';

CREATE POLICY founder_daily_actions_founder_delete ON auxeira.founder_daily_actions
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());

COMMENT ON POLICY founder_daily_actions_founder_delete ON auxeira.founder_daily_actions IS
    'A founder deletes their own daily actions.';

CREATE POLICY customer_interviews_founder_select ON auxeira.customer_interviews
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY customer_interviews_founder_select ON auxeira.customer_interviews IS
    'The founder of the company reads its interviews. Investors do not see them.';

CREATE POLICY customer_interviews_founder_insert ON auxeira.customer_interviews
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());

COMMENT ON POLICY customer_interviews_founder_insert ON auxeira.customer_interviews IS
    'The founder of the company logs interviews, under their own id.';

CREATE POLICY customer_interviews_founder_update ON auxeira.customer_interviews
    FOR UPDATE TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());

COMMENT ON POLICY customer_interviews_founder_update ON auxeira.customer_interviews IS
    'The founder of the company edits its interviews.';

CREATE POLICY customer_interviews_founder_delete ON auxeira.customer_interviews
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY customer_interviews_founder_delete ON auxeira.customer_interviews IS
    'The founder of the company deletes its interviews (refused while evidence refers to one).';

CREATE POLICY startup_evidence_founder_select ON auxeira.startup_evidence
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY startup_evidence_founder_select ON auxeira.startup_evidence IS
    'The founder of the company reads its evidence. Investors do not see it.';

CREATE POLICY startup_evidence_founder_insert ON auxeira.startup_evidence
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id()
        AND (interview_id IS NULL
             OR EXISTS (SELECT FROM auxeira.customer_interviews AS ci
                        WHERE ci.id = interview_id AND ci.company_id = startup_evidence.company_id)));

COMMENT ON POLICY startup_evidence_founder_insert ON auxeira.startup_evidence IS
    'The founder of the company records evidence, under their own id, pointing only at an interview of the same company (a plain INSERT is held to the rule of startup_record_evidence()).';

CREATE POLICY startup_evidence_founder_delete ON auxeira.startup_evidence
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY startup_evidence_founder_delete ON auxeira.startup_evidence IS
    'The founder of the company removes its evidence.';

CREATE POLICY deals_investor_select ON auxeira.deals
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY deals_investor_select ON auxeira.deals IS
    'An investor reads the deals of their own pipeline. A deal that names a company opens nothing of it.';

CREATE POLICY deals_investor_insert ON auxeira.deals
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
        AND (investment_id IS NULL
             OR EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id())));

COMMENT ON POLICY deals_investor_insert ON auxeira.deals IS
    'An investor adds deals to their own pipeline; a deal''s fund must be one they manage and its investment one of theirs.';

CREATE POLICY deals_investor_update ON auxeira.deals
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
        AND (investment_id IS NULL
             OR EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id())));

COMMENT ON POLICY deals_investor_update ON auxeira.deals IS
    'An investor edits the deals of their own pipeline, under the same rules as insert.';

CREATE POLICY deals_investor_delete ON auxeira.deals
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());

COMMENT ON POLICY deals_investor_delete ON auxeira.deals IS
    'An investor deletes deals of their own pipeline.';

CREATE POLICY syndicates_lead_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (lead_id = auxeira.current_user_id());

COMMENT ON POLICY syndicates_lead_select ON auxeira.syndicates IS
    'The lead angel reads the syndicates they run.';

CREATE POLICY syndicates_lead_insert ON auxeira.syndicates
    FOR INSERT TO auxeira_app
    WITH CHECK (lead_id = auxeira.current_user_id());

COMMENT ON POLICY syndicates_lead_insert ON auxeira.syndicates IS
    'An angel opens syndicates as their own lead; one on a company is pending until its founder accepts (trigger syndicates_guard_consent).';

CREATE POLICY syndicates_lead_update ON auxeira.syndicates
    FOR UPDATE TO auxeira_app
    USING (lead_id = auxeira.current_user_id())
    WITH CHECK (lead_id = auxeira.current_user_id());

COMMENT ON POLICY syndicates_lead_update ON auxeira.syndicates IS
    'The lead edits their syndicates (not the company, the lead nor the consent).';

CREATE POLICY syndicates_lead_delete ON auxeira.syndicates
    FOR DELETE TO auxeira_app
    USING (lead_id = auxeira.current_user_id());

COMMENT ON POLICY syndicates_lead_delete ON auxeira.syndicates IS
    'The lead deletes their syndicates (refused while members refer to them).';

CREATE POLICY syndicates_open_angel_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (
        status = 'open'
        AND (company_id IS NULL OR founder_consent = 'accepted')
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = auxeira.current_user_id() AND u.user_type = 'angel')
    );

COMMENT ON POLICY syndicates_open_angel_select ON auxeira.syndicates IS
    'Every angel (users.user_type = angel) reads the published terms of open syndicates; one '
    'raising money for a company only once that company''s founder accepted it.';

CREATE POLICY syndicates_founder_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

COMMENT ON POLICY syndicates_founder_select ON auxeira.syndicates IS
    'The founder of the company reads the syndicates raising money for it, to answer them '
    '(auxeira_dash.startup_answer_relationship()).';

CREATE POLICY syndicate_members_member_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_app
    USING (member_id = auxeira.current_user_id());

COMMENT ON POLICY syndicate_members_member_select ON auxeira.syndicate_members IS
    'A member reads their own commitments.';

CREATE POLICY syndicate_members_member_insert ON auxeira.syndicate_members
    FOR INSERT TO auxeira_app
    WITH CHECK (member_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.syndicates AS s
                    WHERE s.id = syndicate_id AND s.status = 'open'));

COMMENT ON POLICY syndicate_members_member_insert ON auxeira.syndicate_members IS
    'A member commits in their own name, to an open syndicate only.';

CREATE POLICY syndicate_members_member_update ON auxeira.syndicate_members
    FOR UPDATE TO auxeira_app
    USING (member_id = auxeira.current_user_id())
    WITH CHECK (member_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.syndicates AS s
                    WHERE s.id = syndicate_id AND s.status = 'open'));

COMMENT ON POLICY syndicate_members_member_update ON auxeira.syndicate_members IS
    'A member changes their own commitment while the syndicate is open.';

CREATE POLICY syndicate_members_member_delete ON auxeira.syndicate_members
    FOR DELETE TO auxeira_app
    USING (member_id = auxeira.current_user_id());

COMMENT ON POLICY syndicate_members_member_delete ON auxeira.syndicate_members IS
    'A member removes their own commitment.';

CREATE POLICY government_policies_owner_select ON auxeira.government_policies
    FOR SELECT TO auxeira_app
    USING (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policies_owner_select ON auxeira.government_policies IS
    'A government user reads its own policies.';

CREATE POLICY government_policies_owner_insert ON auxeira.government_policies
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));

COMMENT ON POLICY government_policies_owner_insert ON auxeira.government_policies IS
    'A government user records policies in its own name; only government users own policies.';

CREATE POLICY government_policies_owner_update ON auxeira.government_policies
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));

COMMENT ON POLICY government_policies_owner_update ON auxeira.government_policies IS
    'A government user edits its own policies.';

CREATE POLICY government_policies_owner_delete ON auxeira.government_policies
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policies_owner_delete ON auxeira.government_policies IS
    'A government user deletes its own policies.';

CREATE POLICY government_policy_impacts_owner_select ON auxeira.government_policy_impacts
    FOR SELECT TO auxeira_app
    USING (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policy_impacts_owner_select ON auxeira.government_policy_impacts IS
    'A government user reads the measurements of its own policies.';

CREATE POLICY government_policy_impacts_owner_insert ON auxeira.government_policy_impacts
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policy_impacts_owner_insert ON auxeira.government_policy_impacts IS
    'A government user records measurements of its own policies (the composite foreign key keeps owner_id equal to the policy''s owner).';

CREATE POLICY government_policy_impacts_owner_update ON auxeira.government_policy_impacts
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policy_impacts_owner_update ON auxeira.government_policy_impacts IS
    'A government user edits the measurements of its own policies.';

CREATE POLICY government_policy_impacts_owner_delete ON auxeira.government_policy_impacts
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());

COMMENT ON POLICY government_policy_impacts_owner_delete ON auxeira.government_policy_impacts IS
    'A government user deletes the measurements of its own policies.';

CREATE POLICY regulatory_requirements_publisher_insert ON auxeira.regulatory_requirements
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));

COMMENT ON POLICY regulatory_requirements_publisher_insert ON auxeira.regulatory_requirements IS
    'A government user publishes requirements in its own name.';

CREATE POLICY regulatory_requirements_publisher_update ON auxeira.regulatory_requirements
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));

COMMENT ON POLICY regulatory_requirements_publisher_update ON auxeira.regulatory_requirements IS
    'A government user edits its own requirements.';

CREATE POLICY regulatory_requirements_publisher_delete ON auxeira.regulatory_requirements
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());

COMMENT ON POLICY regulatory_requirements_publisher_delete ON auxeira.regulatory_requirements IS
    'A government user withdraws its own requirements.';

CREATE POLICY company_compliance_founder_select ON auxeira.company_compliance
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY company_compliance_founder_select ON auxeira.company_compliance IS
    'The founder of the company reads its compliance rows.';

CREATE POLICY company_compliance_founder_insert ON auxeira.company_compliance
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id));

COMMENT ON POLICY company_compliance_founder_insert ON auxeira.company_compliance IS
    'The founder of the company records its compliance rows, including the opt-in.';

CREATE POLICY company_compliance_founder_update ON auxeira.company_compliance
    FOR UPDATE TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));

COMMENT ON POLICY company_compliance_founder_update ON auxeira.company_compliance IS
    'The founder of the company edits its compliance rows and the opt-in.';

CREATE POLICY company_compliance_founder_delete ON auxeira.company_compliance
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));

COMMENT ON POLICY company_compliance_founder_delete ON auxeira.company_compliance IS
    'The founder of the company deletes its compliance rows.';

CREATE POLICY partnership_auctions_opener_select ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_app
    USING (opened_by = auxeira.current_user_id());

COMMENT ON POLICY partnership_auctions_opener_select ON auxeira.partnership_auctions IS
    'A founder reads the auctions it opened.';

CREATE POLICY partnership_auctions_opener_insert ON auxeira.partnership_auctions
    FOR INSERT TO auxeira_app
    WITH CHECK (opened_by = auxeira.current_user_id() AND auxeira.owns_company(company_id));

COMMENT ON POLICY partnership_auctions_opener_insert ON auxeira.partnership_auctions IS
    'A founder opens auctions for companies it owns.';

CREATE POLICY partnership_auctions_opener_update ON auxeira.partnership_auctions
    FOR UPDATE TO auxeira_app
    USING (opened_by = auxeira.current_user_id())
    WITH CHECK (opened_by = auxeira.current_user_id() AND auxeira.owns_company(company_id));

COMMENT ON POLICY partnership_auctions_opener_update ON auxeira.partnership_auctions IS
    'A founder edits the auctions it opened, for companies it owns.';

CREATE POLICY partnership_auctions_opener_delete ON auxeira.partnership_auctions
    FOR DELETE TO auxeira_app
    USING (opened_by = auxeira.current_user_id());

COMMENT ON POLICY partnership_auctions_opener_delete ON auxeira.partnership_auctions IS
    'A founder deletes the auctions it opened.';

CREATE POLICY auction_bids_bidder_select ON auxeira.auction_bids
    FOR SELECT TO auxeira_app
    USING (bidder_id = auxeira.current_user_id());

COMMENT ON POLICY auction_bids_bidder_select ON auxeira.auction_bids IS
    'A bidder reads its own bids.';

CREATE POLICY auction_bids_bidder_insert ON auxeira.auction_bids
    FOR INSERT TO auxeira_app
    WITH CHECK (bidder_id = auxeira.current_user_id());

COMMENT ON POLICY auction_bids_bidder_insert ON auxeira.auction_bids IS
    'A bidder commits bids in its own name (the guard trigger decides what may change when).';

CREATE POLICY auction_bids_bidder_update ON auxeira.auction_bids
    FOR UPDATE TO auxeira_app
    USING (bidder_id = auxeira.current_user_id())
    WITH CHECK (bidder_id = auxeira.current_user_id());

COMMENT ON POLICY auction_bids_bidder_update ON auxeira.auction_bids IS
    'A bidder re-commits or reveals its own bids (the guard trigger decides what may change when).';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'education_programmes', 'education_student_outcomes', 'education_teacher_training',
        'education_unesco_compliance'
    ] LOOP
        -- One policy per command, each naming the programme owner.
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_app '
            'USING (user_id = auxeira.current_user_id())',
            t || '_esg_owner_select', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR INSERT TO auxeira_app '
            'WITH CHECK (user_id = auxeira.current_user_id())',
            t || '_esg_owner_insert', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR UPDATE TO auxeira_app '
            'USING (user_id = auxeira.current_user_id()) '
            'WITH CHECK (user_id = auxeira.current_user_id())',
            t || '_esg_owner_update', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR DELETE TO auxeira_app '
            'USING (user_id = auxeira.current_user_id())',
            t || '_esg_owner_delete', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_select', t,
            'The ESG user who owns the programme reads its rows (user_id is the programme owner).');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_insert', t,
            'The ESG user records rows of its own programmes only (the composite foreign key '
            'keeps child rows consistent with the programme owner).');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_update', t,
            'The ESG user edits rows of its own programmes only.');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_delete', t,
            'The ESG user deletes rows of its own programmes only.');
    END LOOP;
END
$$;

-- Authorization by consent (migration 0008): privileges, triggers and policies of the audit
-- log, the guard triggers, the public company profiles and the admin functions.

-- users: accounts are created by the platform (auxeira.admin_create_user()), never by a
-- tenant, which could otherwise create itself as a government user.
REVOKE INSERT, DELETE, TRUNCATE ON auxeira.users FROM auxeira_app;

-- Guard triggers (sql/functions/070_authorization.sql).
-- Each guard fires only for the columns it guards: the everyday writes (metric refreshes,
-- profile edits) do not pay for it.
CREATE TRIGGER users_guard
    BEFORE UPDATE OF email, user_type, subscription_tier, subscription_status, trial_ends_at,
        is_synthetic, expires_at
    ON auxeira.users
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.users_guard();
COMMENT ON TRIGGER users_guard ON auxeira.users IS
    'Only the platform changes user_type and the subscription columns; changes are audited.';

CREATE TRIGGER companies_guard
    BEFORE INSERT OR UPDATE OF verified, verified_at ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.companies_guard();
COMMENT ON TRIGGER companies_guard ON auxeira.companies IS
    'Tenants create unverified companies only, a bounded number; only the platform verifies.';

CREATE TRIGGER investments_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, company_id, investor_id
    ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('company_id', 'investor_id');
COMMENT ON TRIGGER investments_guard_consent ON auxeira.investments IS
    'A new investment is pending until the founder accepts; company, investor and consent '
    'change only through the platform; consent changes are audited.';

CREATE TRIGGER corporate_partnerships_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, startup_id,
        corporate_partner_id
    ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('startup_id', 'corporate_partner_id');
COMMENT ON TRIGGER corporate_partnerships_guard_consent ON auxeira.corporate_partnerships IS
    'A new partnership is pending until the startup''s founder accepts; startup, partner and '
    'consent change only through the platform; consent changes are audited.';

CREATE TRIGGER syndicates_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, company_id, lead_id
    ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('company_id', 'lead_id');
COMMENT ON TRIGGER syndicates_guard_consent ON auxeira.syndicates IS
    'A syndicate on a company is pending until its founder accepts; company, lead and consent '
    'change only through the platform; consent changes are audited.';

-- audit_log: append-only; the read-only role reads it, the application role has no access.
ALTER TABLE auxeira.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.audit_log FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_log_owner_select ON auxeira.audit_log
    FOR SELECT TO auxeira_owner
    USING (true);
COMMENT ON POLICY audit_log_owner_select ON auxeira.audit_log IS
    'auxeira_owner (maintenance) reads every entry.';

CREATE POLICY audit_log_owner_insert ON auxeira.audit_log
    FOR INSERT TO auxeira_owner
    WITH CHECK (true);
COMMENT ON POLICY audit_log_owner_insert ON auxeira.audit_log IS
    'auxeira_owner appends entries (auxeira.write_audit(), from the guard triggers and the '
    'admin functions). No UPDATE or DELETE policy for anyone.';

CREATE POLICY audit_log_readonly_select ON auxeira.audit_log
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY audit_log_readonly_select ON auxeira.audit_log IS
    'auxeira_readonly (DBAs, auditors) reads every entry and writes none.';

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON auxeira.audit_log
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.audit_log_append_only();
COMMENT ON TRIGGER audit_log_append_only ON auxeira.audit_log IS
    'Refuses UPDATE and DELETE of audit entries, for every role.';

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON auxeira.audit_log
    FOR EACH STATEMENT
    EXECUTE FUNCTION auxeira.audit_log_append_only();
COMMENT ON TRIGGER audit_log_no_truncate ON auxeira.audit_log IS
    'Refuses TRUNCATE of the audit log, for every role.';

REVOKE ALL ON auxeira.audit_log FROM auxeira_app;
GRANT SELECT ON auxeira.audit_log TO auxeira_readonly;

-- Public company profiles, for every signed-in user (read only: the grant on every table of
-- sql/security/020_grants.sql reaches views too).
REVOKE ALL ON auxeira.company_profiles FROM auxeira_app, auxeira_readonly;
GRANT SELECT ON auxeira.company_profiles TO auxeira_app, auxeira_readonly;

-- Functions: helpers the policies and triggers evaluate as the caller, and the admin API.
REVOKE EXECUTE ON FUNCTION
    auxeira.tenant_from_claims(text, text),
    auxeira.my_investment_ids(),
    auxeira.acting_as_platform(),
    auxeira.max_unverified_companies(),
    auxeira.write_audit(text, text, text, jsonb, jsonb),
    auxeira.audit_log_append_only(),
    auxeira.changed_columns(jsonb, jsonb, text[]),
    auxeira.users_guard(),
    auxeira.companies_guard(),
    auxeira.relationship_guard(),
    auxeira.admin_create_user(text, text, text),
    auxeira.admin_set_email(uuid, text),
    auxeira.admin_set_user_type(uuid, text),
    auxeira.admin_set_subscription(uuid, text, text),
    auxeira.admin_set_company_verified(uuid, boolean),
    auxeira.round_significant(numeric, integer)
    FROM PUBLIC;
-- The guard triggers run as the caller (SECURITY INVOKER), so the caller executes these.
GRANT EXECUTE ON FUNCTION
    auxeira.tenant_from_claims(text, text),
    auxeira.my_investment_ids(),
    auxeira.acting_as_platform(),
    auxeira.max_unverified_companies(),
    auxeira.changed_columns(jsonb, jsonb, text[])
    TO auxeira_app, auxeira_readonly;
GRANT USAGE ON SCHEMA auxeira TO auxeira_admin;
GRANT EXECUTE ON FUNCTION
    auxeira.current_user_id(),
    auxeira.tenant_from_claims(text, text),
    auxeira.admin_create_user(text, text, text),
    auxeira.admin_set_email(uuid, text),
    auxeira.admin_set_user_type(uuid, text),
    auxeira.admin_set_subscription(uuid, text, text),
    auxeira.admin_set_company_verified(uuid, boolean)
    TO auxeira_admin;

GRANT SELECT ON auxeira_dash.startup_relationships TO auxeira_app, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text)
    TO auxeira_app;
