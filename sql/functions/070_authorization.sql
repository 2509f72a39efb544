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
