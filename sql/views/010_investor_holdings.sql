-- auxeira_dash.investor_holdings: the current user's holdings as the portfolio pages show them
-- (migration 0021). The VC and angel portfolio views (sql/views/vc.sql, angel.sql) are this
-- view plus what only their dashboard shows, so a holding's columns are written once.

CREATE VIEW auxeira_dash.investor_holdings WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
           p.investment_date,
           p.status,
           i.equity_percentage,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return,
           p.currency,
           p.holding_currency,
           p.value_basis,
           p.mark_date,
           p.mark_age_days,
           p.since_inception_return,
           p.short_holding,
           p.holding_days
    FROM auxeira.investment_performance(
        CURRENT_DATE, NULL,
        auxeira.investor_reporting_currency(auxeira.current_user_id()),
        auxeira.current_user_id()) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.investor_holdings IS
    'The current user''s holdings as of today, one row per investment, in the portfolio''s '
    'reporting currency (currency; holding_currency is the cheque''s): company, industry, '
    'company stage now and round at entry, fund (NULL for a direct investment), status, equity '
    'at entry, invested, value (rolled forward from the last mark: value_basis, mark_date and '
    'mark_age_days say from what), MOIC = TVPI (on paid-in, deal fees in cost), DPI, IRR '
    '(annualised only from 365 days: since_inception_return and short_holding otherwise) and '
    'the realised / paper split (average cost). Rules in sql/functions/040_performance.sql. '
    'The common part of vc_portfolio and angel_portfolio. security_invoker: row-level security '
    'applies to the reader.';

CREATE VIEW auxeira_dash.investor_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.rvpi,
           t.irr,
           t.realized_return,
           t.paper_return,
           t.currency,
           t.since_inception_return,
           t.short_holding,
           t.oldest_mark_date,
           t.max_mark_age_days
    FROM auxeira.portfolio_performance(CURRENT_DATE, NULL, NULL, auxeira.current_user_id()) AS t
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.investor_portfolio_totals IS
    'The current user''s portfolio as of today, one row (none without investments), in its '
    'reporting currency (the currency of all holdings, else USD): counts by status, invested, '
    'value, MOIC, TVPI, DPI, RVPI, the pooled IRR of all flows (NULL under 365 days: '
    'since_inception_return then), realised and paper gains, the oldest mark behind an active '
    'value and its age. The common part of vc_portfolio_totals and angel_portfolio_totals. '
    'security_invoker: row-level security applies to the reader.';
