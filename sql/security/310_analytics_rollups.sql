-- Rollups and analyses (0019): the triggers that mark changed days, and the grants of schema
-- auxeira_analytics (the product team and the read-only role; nothing for services).

CREATE TRIGGER analytics_events_mark_dirty_insert
    AFTER INSERT ON auxeira.analytics_events
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_insert ON auxeira.analytics_events IS
    'Marks the UTC days of inserted events for the next rollup refresh.';

CREATE TRIGGER analytics_events_mark_dirty_update
    AFTER UPDATE ON auxeira.analytics_events
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_update ON auxeira.analytics_events IS
    'Marks the UTC days of updated events (identify, forget_user) for the next rollup refresh.';

CREATE TRIGGER analytics_events_mark_dirty_delete
    AFTER DELETE ON auxeira.analytics_events
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_delete ON auxeira.analytics_events IS
    'Marks the UTC days of deleted events for the next rollup refresh.';

GRANT USAGE ON SCHEMA auxeira_analytics TO auxeira_analyst, auxeira_readonly;
GRANT SELECT ON auxeira_analytics.user_days, auxeira_analytics.session_paths,
    auxeira_analytics.daily_counts, auxeira_analytics.dirty_days,
    auxeira_analytics.usage_days, auxeira_analytics.usage_totals,
    auxeira_analytics.user_periods,
    auxeira_analytics.journey_paths, auxeira_analytics.journey_transitions
    TO auxeira_analyst, auxeira_readonly;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA auxeira_analytics FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_analytics.dashboard_usage(date, date, text, text),
    auxeira_analytics.feature_adoption(date, date, text),
    auxeira_analytics.user_journey_paths(date, date, integer, text, text, integer),
    auxeira_analytics.user_journey_transitions(date, date, text, text, integer),
    auxeira_analytics.cohort_analysis(date, date, text, text)
    TO auxeira_analyst;
-- refresh_rollups() stays with the owner (the scheduler).
