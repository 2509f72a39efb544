-- Product analytics (0019): the IP trigger, the collector's policy, grants, and the first
-- partitions of the event log (last, so that they copy the parent's policies and grants).

CREATE TRIGGER analytics_events_truncate_ip
    BEFORE INSERT OR UPDATE OF ip_address ON auxeira.analytics_events
    FOR EACH ROW EXECUTE FUNCTION auxeira.analytics_events_truncate_ip();
COMMENT ON TRIGGER analytics_events_truncate_ip ON auxeira.analytics_events IS
    'Stores IP addresses truncated to /24 or /48 (auxeira.truncate_ip) on every write path '
    '(track_event, batches, COPY by the owner, the seeder) unless auxeira.keep_full_ip = on.';

-- The collector records anyone's events; it reads none.
CREATE POLICY analytics_events_ingest_insert ON auxeira.analytics_events
    FOR INSERT TO auxeira_ingest
    WITH CHECK (true);
COMMENT ON POLICY analytics_events_ingest_insert ON auxeira.analytics_events IS
    'The event collector (auxeira_ingest) records the events of any user or visitor; it reads '
    'none.';

GRANT USAGE ON SCHEMA auxeira TO auxeira_ingest;
GRANT INSERT ON auxeira.analytics_events TO auxeira_ingest;

REVOKE EXECUTE ON FUNCTION
    auxeira.event_types(),
    auxeira.event_problem(text, text, jsonb, text, text, uuid, text),
    auxeira.truncate_ip(inet),
    auxeira.analytics_events_truncate_ip(),
    auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text, text, text, text,
                        text, text, text, text, text),
    auxeira.begin_event_batch(),
    auxeira.ingest_event_batch(),
    auxeira.identify(text, uuid),
    auxeira.forget_user(uuid),
    auxeira.ensure_event_partitions(integer, timestamptz)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.event_types(),
    auxeira.event_problem(text, text, jsonb, text, text, uuid, text),
    auxeira.truncate_ip(inet),
    auxeira.analytics_events_truncate_ip(),
    auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text, text, text, text,
                        text, text, text, text, text),
    auxeira.begin_event_batch(),
    auxeira.ingest_event_batch()
    TO auxeira_app, auxeira_ingest;
GRANT EXECUTE ON FUNCTION auxeira.identify(text, uuid) TO auxeira_ingest, auxeira_admin;
GRANT EXECUTE ON FUNCTION auxeira.forget_user(uuid) TO auxeira_admin;
-- ensure_event_partitions() and purge_analytics_events() stay with the owner (the scheduler).

-- The current month and three ahead (a migrated database also gets the months of its events).
SELECT auxeira.ensure_event_partitions(3);
