-- depends: 0024_analytics_at_scale
-- 0025_role_limits: issue 18 (per-role limits, scale-out).
-- Limits per role: the database's own rate limiting and throttling. Each package role that a
-- service or tool may log in as gets a statement timeout, an idle-in-transaction timeout and
-- a connection limit:
--
--   role               statement_timeout  idle_in_transaction_session_timeout  connections
--   auxeira_app        30s                60s                                   200
--   auxeira_readonly   5min               5min                                  20
--   auxeira_analyst    10min              5min                                  10
--
-- Roles are cluster-wide, shared by every database of the server: a value is set only when the
-- role has none yet (no ALTER ROLE ... SET for it, connection limit -1), so migrating a second
-- database, or re-running this, never overwrites what a DBA chose. Override with
-- ALTER ROLE auxeira_app SET statement_timeout = '10s' (or IN DATABASE d, or per session with
-- SET). PostgreSQL applies a role's settings and connection limit only to sessions that LOG IN
-- as that role, not to members reaching it by SET ROLE or inheritance: give a service's own
-- login role the same settings (docs/SCALING.md; `auxeira-db doctor` reports the session's).
-- Without the privilege to alter roles (CREATEROLE), a warning is raised and nothing changes.
DO $$
DECLARE
    limits CONSTANT jsonb := '{
        "auxeira_app":      {"statement_timeout": "30s",   "idle_in_transaction_session_timeout": "60s",  "connections": 200},
        "auxeira_readonly": {"statement_timeout": "5min",  "idle_in_transaction_session_timeout": "5min", "connections": 20},
        "auxeira_analyst":  {"statement_timeout": "10min", "idle_in_transaction_session_timeout": "5min", "connections": 10}
    }';
    role_name text;
    setting text;
BEGIN
    FOR role_name IN SELECT jsonb_object_keys(limits) LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name);
        BEGIN
            FOREACH setting IN ARRAY ARRAY['statement_timeout', 'idle_in_transaction_session_timeout'] LOOP
                IF NOT EXISTS (
                    SELECT FROM pg_catalog.pg_db_role_setting AS s
                    JOIN pg_catalog.pg_roles AS r ON r.oid = s.setrole
                    WHERE r.rolname = role_name AND s.setdatabase = 0
                      AND EXISTS (SELECT FROM unnest(s.setconfig) AS c WHERE c LIKE setting || '=%'))
                THEN
                    EXECUTE pg_catalog.format('ALTER ROLE %I SET %I = %L',
                        role_name, setting, limits -> role_name ->> setting);
                END IF;
            END LOOP;
            IF (SELECT rolconnlimit FROM pg_catalog.pg_roles WHERE rolname = role_name) = -1 THEN
                EXECUTE pg_catalog.format('ALTER ROLE %I CONNECTION LIMIT %s',
                    role_name, (limits -> role_name ->> 'connections')::integer);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'limits of role % not set: % (set them as a role administrator, see docs/SCALING.md)',
                role_name, SQLERRM;
        END;
    END LOOP;
END
$$;
