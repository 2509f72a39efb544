-- Undo 0010_scoped_metric_refresh: drop the scoped variants (the unscoped functions remain).
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira.snapshot_portfolio_metrics_for(date, uuid[]);
DROP FUNCTION auxeira.refresh_investment_metrics_for(date, uuid[]);
