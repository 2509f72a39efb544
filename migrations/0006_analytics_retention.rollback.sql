-- Undo 0006_analytics_retention.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira.purge_analytics_events(interval, integer);
DROP INDEX auxeira.analytics_events_created_at_brin;
