-- Roles and the auxeira schema.
--
-- Roles are cluster-wide and shared by every database of the cluster, so they are
-- created only when missing (two databases migrating at once may race: the loser
-- of the race ignores the duplicate) and never dropped by a rollback.
--
--   auxeira_owner     owns every object; migrations run as this role (SET ROLE).
--   auxeira_app       what services connect as (directly, or through a LOGIN role
--                     that is a member): data access only, no DDL, no BYPASSRLS,
--                     row-level security enforced.
--   auxeira_readonly  SELECT on every table and view, for DBAs and BI tools.
--   auxeira_admin     the platform's privileged operations (sign-up, user type, company
--                     verification) through auxeira.admin_* functions only (migration 0008).
--   auxeira_ingest    the event collector: records any user's or visitor's analytics events
--                     and links visitors to accounts; reads nothing (migration 0019).
--   auxeira_analyst   the platform's product team: the usage analyses of schema
--                     auxeira_analytics, no tenant rows (migration 0019).
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY[
        'auxeira_owner', 'auxeira_app', 'auxeira_readonly', 'auxeira_admin',
        'auxeira_ingest', 'auxeira_analyst'
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
        'GRANT CONNECT ON DATABASE %I TO auxeira_app, auxeira_readonly, auxeira_admin, '
        'auxeira_ingest, auxeira_analyst', current_database());
END
$$;

CREATE SCHEMA auxeira AUTHORIZATION auxeira_owner;

COMMENT ON SCHEMA auxeira IS
    'Auxeira central database: every table, function and view of auxeira-db. '
    'Owned by auxeira_owner; services use auxeira_app (row-level security enforced); '
    'DBAs and BI tools read through auxeira_readonly.';

-- Everything below is created by, and so owned by, the owner role.
SET LOCAL ROLE auxeira_owner;
