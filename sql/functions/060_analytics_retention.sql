-- Partitions and retention of the analytics event log (retention added in 0006; monthly
-- partitions since 0019, docs/ANALYTICS.md).

CREATE FUNCTION auxeira.ensure_event_partitions(
    months_ahead integer DEFAULT 3, since timestamptz DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '2s'
AS $$
DECLARE
    parent constant regclass := 'auxeira.analytics_events'::regclass;
    month date := date_trunc('month', coalesce(since, now()) AT TIME ZONE 'UTC')::date;
    last_month date := (date_trunc('month', now() AT TIME ZONE 'UTC')
                        + make_interval(months => months_ahead))::date;
    part text;
    lo timestamptz;
    hi timestamptz;
    pol record;
    acl record;
    created integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead NOT BETWEEN 0 AND 120 THEN
        RAISE EXCEPTION 'months_ahead must be from 0 to 120 (got %)', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF since IS NOT NULL AND since < now() - interval '100 years' THEN
        RAISE EXCEPTION 'since must be within the last 100 years (got %)', since
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    last_month := greatest(last_month, month);  -- a future since: at least its month
    WHILE month <= last_month LOOP
        part := 'analytics_events_p' || to_char(month, 'YYYY_MM');
        lo := month::timestamp AT TIME ZONE 'UTC';
        hi := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        month := (month + interval '1 month')::date;
        CONTINUE WHEN to_regclass('auxeira.' || part) IS NOT NULL;
        -- A table of the parent's shape, attached (SHARE UPDATE EXCLUSIVE on the parent:
        -- readers and writers go on) rather than CREATE ... PARTITION OF (ACCESS EXCLUSIVE).
        -- Attaching clones the parent's indexes, keys and triggers.
        EXECUTE format('CREATE TABLE auxeira.%I (LIKE auxeira.analytics_events '
                       'INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('ALTER TABLE auxeira.analytics_events ATTACH PARTITION auxeira.%I '
                       'FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        -- Neither row-level security nor policies nor grants are inherited by a partition,
        -- and a partition queried directly uses its own: copy the parent's.
        EXECUTE format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', part);
        FOR pol IN
            SELECT p.policyname, p.permissive, p.cmd, p.qual, p.with_check,
                   (SELECT string_agg(quote_ident(r), ', ' ORDER BY r)
                    FROM unnest(p.roles) AS r) AS roles,
                   obj_description(o.oid, 'pg_policy') AS note
            FROM pg_policies AS p
            JOIN pg_policy AS o ON o.polrelid = parent AND o.polname = p.policyname
            WHERE p.schemaname = 'auxeira' AND p.tablename = 'analytics_events'
            ORDER BY p.policyname
        LOOP
            EXECUTE format('CREATE POLICY %I ON auxeira.%I AS %s FOR %s TO %s%s%s',
                           pol.policyname, part, pol.permissive, pol.cmd, pol.roles,
                           ' USING (' || pol.qual || ')',
                           ' WITH CHECK (' || pol.with_check || ')');
            EXECUTE format('COMMENT ON POLICY %I ON auxeira.%I IS %L',
                           pol.policyname, part, pol.note);
        END LOOP;
        FOR acl IN
            SELECT a.privilege_type,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                        ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
            FROM pg_class AS c, aclexplode(c.relacl) AS a
            WHERE c.oid = parent AND a.grantee <> c.relowner
            ORDER BY 2, 1
        LOOP
            EXECUTE format('GRANT %s ON auxeira.%I TO %s', acl.privilege_type, part, acl.grantee);
        END LOOP;
        EXECUTE format('COMMENT ON TABLE auxeira.%I IS %L', part, format(
            'Monthly partition of auxeira.analytics_events: events created from %s to %s '
            '(UTC). Created by auxeira.ensure_event_partitions() with the parent''s row-level '
            'security, policies and grants; dropped whole by auxeira.purge_analytics_events().',
            to_char(lo AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
            to_char(hi AT TIME ZONE 'UTC', 'YYYY-MM-DD')));
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;

COMMENT ON FUNCTION auxeira.ensure_event_partitions(integer, timestamptz) IS
    'Creates the missing monthly partitions of auxeira.analytics_events from the month of since '
    '(default: the current month) to months_ahead months after the current one, or to since''s '
    'month when that is later (UTC months), '
    'each with row-level security enabled and forced and the parent''s policies, grants and '
    'comments copied (a partition inherits none of them, and a partition queried directly uses '
    'only its own). Attaches a new empty table (SHARE UPDATE EXCLUSIVE on the parent), so '
    'readers and writers are not blocked. Returns the number created; idempotent. There is no '
    'default partition: an event outside the created months is refused, so the scheduled job '
    'event-partitions runs this daily, and a loader of past events calls it with since first. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE FUNCTION auxeira.purge_analytics_events(
    keep interval DEFAULT '13 months', max_rows integer DEFAULT 100000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '200ms'
AS $$
DECLARE
    cutoff timestamptz;
    part record;
    attempt integer;
    attempts constant integer := 8;
    n bigint;
    removed bigint := 0;
BEGIN
    IF keep IS NULL OR keep < interval '1 day' THEN
        RAISE EXCEPTION 'keep must be at least 1 day (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cutoff := now() - keep;
    -- Whole months older than the cutoff: detach, count, drop. DETACH takes ACCESS EXCLUSIVE
    -- on the parent; waiting for it behind a long reader would queue every later reader, so
    -- each try waits at most lock_timeout (200 ms), then backs off and tries again.
    FOR part IN
        SELECT c.oid::regclass AS rel, c.relname
        FROM pg_inherits AS i
        JOIN pg_class AS c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'auxeira.analytics_events'::regclass
          AND (regexp_match(pg_get_expr(c.relpartbound, c.oid),
                            'TO \(''([^'']+)''\)'))[1]::timestamptz <= cutoff
        ORDER BY c.relname
    LOOP
        attempt := 1;
        LOOP
            BEGIN
                EXECUTE format('ALTER TABLE auxeira.analytics_events DETACH PARTITION %s',
                               part.rel);
                EXIT;
            EXCEPTION WHEN lock_not_available THEN
                IF attempt >= attempts THEN
                    RAISE EXCEPTION 'retention could not lock auxeira.analytics_events to '
                        'detach % after % tries of %: a long-running transaction holds it; '
                        'nothing was removed, try again later', part.relname, attempts,
                        current_setting('lock_timeout')
                        USING ERRCODE = 'lock_not_available';
                END IF;
                PERFORM pg_sleep(0.05 * attempt);
                attempt := attempt + 1;
            END;
        END LOOP;
        EXECUTE format('SELECT count(*) FROM %s', part.rel) INTO n;
        EXECUTE format('DROP TABLE %s', part.rel);
        removed := removed + n;
    END LOOP;
    -- The month that straddles the cutoff: its older rows, at most max_rows per call.
    DELETE FROM auxeira.analytics_events AS e
    WHERE (e.id, e.created_at) IN (SELECT o.id, o.created_at FROM auxeira.analytics_events AS o
                                   WHERE o.created_at < cutoff
                                   LIMIT max_rows);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN removed + n;
END
$$;

COMMENT ON FUNCTION auxeira.purge_analytics_events(interval, integer) IS
    'Retention for the analytics event log: removes events (real and synthetic) older than '
    'keep (default 13 months, enough for year-over-year cohorts). Monthly partitions that end '
    'before the cutoff are detached and dropped whole (no row-by-row DELETE, no bloat): each '
    'detach waits at most 200 ms for its lock and is retried 8 times with a back-off, then the '
    'call fails with lock_not_available and removes nothing. Rows of the month straddling the '
    'cutoff are deleted, at most max_rows per call (call it until it returns less than '
    'max_rows; auxeira-db cleanup --events-older-than does). Returns the number removed. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';
