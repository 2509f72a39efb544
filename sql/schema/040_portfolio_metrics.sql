-- auxeira.portfolio_metrics: one snapshot per investor per day of portfolio totals, returns and
-- counts, for the VC and angel dashboards.

CREATE TABLE auxeira.portfolio_metrics (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investor_id uuid NOT NULL,
    metric_date date NOT NULL,
    total_invested numeric(15,2),
    total_portfolio_value numeric(15,2),
    unrealized_gains numeric(15,2),
    realized_gains numeric(15,2),
    portfolio_irr numeric,
    portfolio_moic numeric,
    active_investments integer,
    exited_investments integer,
    written_off_investments integer,
    top_quartile_count integer,
    unicorn_count integer,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT portfolio_metrics_pkey PRIMARY KEY (id),
    CONSTRAINT portfolio_metrics_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT portfolio_metrics_total_invested_check CHECK (total_invested >= 0),
    CONSTRAINT portfolio_metrics_total_portfolio_value_check CHECK (total_portfolio_value >= 0),
    CONSTRAINT portfolio_metrics_portfolio_irr_check CHECK (portfolio_irr >= -1),
    CONSTRAINT portfolio_metrics_portfolio_moic_check CHECK (portfolio_moic >= 0),
    CONSTRAINT portfolio_metrics_active_investments_check CHECK (active_investments >= 0),
    CONSTRAINT portfolio_metrics_exited_investments_check CHECK (exited_investments >= 0),
    CONSTRAINT portfolio_metrics_written_off_investments_check CHECK (written_off_investments >= 0),
    CONSTRAINT portfolio_metrics_top_quartile_count_check CHECK (top_quartile_count >= 0),
    CONSTRAINT portfolio_metrics_unicorn_count_check CHECK (unicorn_count >= 0),
    CONSTRAINT portfolio_metrics_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX idx_portfolio_metrics_investor_date
    ON auxeira.portfolio_metrics (investor_id, metric_date);
CREATE INDEX portfolio_metrics_expires_at_idx
    ON auxeira.portfolio_metrics (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.portfolio_metrics IS
    'Daily portfolio snapshots: at most one row per investor (users.id) per metric_date, holding '
    'the totals, returns and counts of that investor''s investments as of that day. Money columns '
    'are in currency units with 2 decimals. Rows are computed from investments; they are a '
    'history, not the source of truth.';
COMMENT ON COLUMN auxeira.portfolio_metrics.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.portfolio_metrics.investor_id IS
    'The investor account (users.id) the snapshot belongs to. Required. No cascade.';
COMMENT ON COLUMN auxeira.portfolio_metrics.metric_date IS
    'The day the snapshot describes (figures as of the end of that day). Required; unique per '
    'investor.';
COMMENT ON COLUMN auxeira.portfolio_metrics.total_invested IS
    'Sum of amounts invested across all of the investor''s investments to date, in currency units, '
    '>= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.total_portfolio_value IS
    'Current value of the holdings still held (unrealised value), in currency units, >= 0. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.unrealized_gains IS
    'Unrealised gain (positive) or loss (negative) on holdings still held, in currency units. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.realized_gains IS
    'Cumulative realised gain (positive) or loss (negative) from exits and write-offs, in currency '
    'units. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_irr IS
    'Portfolio internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -1 = a '
    'total loss; >= -1. Unconstrained precision. NULL = not computed (e.g. too few cash flows) '
    'or a portfolio whose flows span less than 365 days (never annualised).';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_moic IS
    'Portfolio multiple on invested capital: (realised + unrealised value) / total_invested, >= 0; '
    '1.0 = money back. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.active_investments IS
    'Number of investments with status active on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.exited_investments IS
    'Number of investments with status exited on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.written_off_investments IS
    'Number of investments with status written-off on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.top_quartile_count IS
    'Number of portfolio investments whose performance is in the top quartile of their vintage / '
    'benchmark, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.unicorn_count IS
    'Number of portfolio companies valued at 1 billion currency units or more, >= 0. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real snapshot.';
COMMENT ON COLUMN auxeira.portfolio_metrics.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'portfolio_metrics_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.portfolio_metrics.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.portfolio_metrics.updated_at IS
    'When the row was last updated; set automatically by trigger '
    'update_portfolio_metrics_updated_at.';

COMMENT ON INDEX auxeira.idx_portfolio_metrics_investor_date IS
    'One snapshot per investor per day (unique; the specification''s non-unique index of the same '
    'name made unique); also serves the investor foreign key and date-range reads. Upsert with '
    'ON CONFLICT (investor_id, metric_date).';
COMMENT ON INDEX auxeira.portfolio_metrics_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';
