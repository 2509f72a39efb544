-- The dashboards' home: schema auxeira_dash holds what the six dashboards read and call (views
-- and functions, granted to auxeira_app and auxeira_readonly); schema auxeira_mv holds the
-- materialized views behind them, which no application role may read directly (materialized
-- views cannot have row-level security). The refresh log records every refresh.

CREATE SCHEMA auxeira_dash AUTHORIZATION auxeira_owner;
COMMENT ON SCHEMA auxeira_dash IS
    'Dashboard API: one view or function per endpoint of the six dashboards (startup, vc, '
    'angel, esg, government, corporate). Tenant data is filtered by auxeira.current_user_id(); '
    'cross-tenant figures are aggregates of at least five companies.';

CREATE SCHEMA auxeira_mv AUTHORIZATION auxeira_owner;
COMMENT ON SCHEMA auxeira_mv IS
    'Materialized views behind the dashboards, refreshed by auxeira-db refresh. Not readable by '
    'auxeira_app: tenants reach them only through the filtering functions of auxeira_dash.';

CREATE TABLE auxeira.view_refreshes (
    id bigint GENERATED ALWAYS AS IDENTITY,
    view_name text NOT NULL,
    started_at timestamptz NOT NULL,
    duration_ms numeric(12,3) NOT NULL,
    row_count bigint NOT NULL,
    concurrent boolean NOT NULL,
    refreshed_by text NOT NULL DEFAULT current_user,
    CONSTRAINT view_refreshes_pkey PRIMARY KEY (id),
    CONSTRAINT view_refreshes_duration_ms_check CHECK (duration_ms >= 0),
    CONSTRAINT view_refreshes_row_count_check CHECK (row_count >= 0)
);

CREATE INDEX view_refreshes_view_name_started_at_idx
    ON auxeira.view_refreshes (view_name, started_at DESC);

COMMENT ON TABLE auxeira.view_refreshes IS
    'One row per refresh of a materialized view in auxeira_mv, written by '
    'auxeira.refresh_materialized_view(): which view, when, how long, how many rows. '
    'auxeira-db doctor reports views whose latest refresh is older than a threshold.';
COMMENT ON COLUMN auxeira.view_refreshes.id IS 'Primary key, in insertion order.';
COMMENT ON COLUMN auxeira.view_refreshes.view_name IS
    'Schema-qualified name of the materialized view, e.g. auxeira_mv.ecosystem_pulse.';
COMMENT ON COLUMN auxeira.view_refreshes.started_at IS 'When the refresh started.';
COMMENT ON COLUMN auxeira.view_refreshes.duration_ms IS 'How long the refresh took, in ms.';
COMMENT ON COLUMN auxeira.view_refreshes.row_count IS 'Rows in the view after the refresh.';
COMMENT ON COLUMN auxeira.view_refreshes.concurrent IS
    'True for REFRESH ... CONCURRENTLY (readers never blocked), false for a blocking refresh.';
COMMENT ON COLUMN auxeira.view_refreshes.refreshed_by IS 'Database role that ran the refresh.';
COMMENT ON INDEX auxeira.view_refreshes_view_name_started_at_idx IS
    'Serves "latest refresh of each view" (doctor, staleness checks).';
