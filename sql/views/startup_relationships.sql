-- Startup founder dashboard: the relationships other users recorded against the founder's
-- companies, and the founder's answer to them (migration 0008).
--
--   GET  /api/dashboard/startup/relationships       auxeira_dash.startup_relationships
--   POST /api/dashboard/startup/relationships/:id   auxeira_dash.startup_answer_relationship
--
-- An investment, a corporate partnership or a syndicate that names a company opens nothing of
-- that company until its founder accepts it; a revoked one closes again (the row and its
-- history stay, auxeira.audit_log records every answer).

CREATE VIEW auxeira_dash.startup_relationships
WITH (security_invoker = true) AS
SELECT 'investment'::text AS relationship,
       i.id,
       i.company_id,
       c.name AS company_name,
       i.investor_id AS counterparty_id,
       i.investment_round::text AS detail,
       i.amount,
       i.investment_date AS relationship_date,
       i.founder_consent,
       i.founder_consent_at,
       i.created_at
FROM auxeira.investments AS i
JOIN auxeira.companies AS c ON c.id = i.company_id
WHERE c.user_id = auxeira.current_user_id()
UNION ALL
SELECT 'partnership',
       p.id,
       p.startup_id,
       c.name,
       p.corporate_partner_id,
       p.partnership_type::text,
       p.partnership_value,
       p.start_date,
       p.founder_consent,
       p.founder_consent_at,
       p.created_at
FROM auxeira.corporate_partnerships AS p
JOIN auxeira.companies AS c ON c.id = p.startup_id
WHERE c.user_id = auxeira.current_user_id()
UNION ALL
SELECT 'syndicate',
       s.id,
       s.company_id,
       c.name,
       s.lead_id,
       s.name::text,
       s.target_amount,
       s.deadline,
       s.founder_consent,
       s.founder_consent_at,
       s.created_at
FROM auxeira.syndicates AS s
JOIN auxeira.companies AS c ON c.id = s.company_id
WHERE c.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_relationships IS
    'GET /api/dashboard/startup/relationships: every investment, corporate partnership and '
    'syndicate recorded against one of the current founder''s companies, with the founder''s '
    'answer (founder_consent: pending, accepted, rejected, revoked). Pending rows are the ones '
    'to answer with auxeira_dash.startup_answer_relationship(). security_invoker: row-level '
    'security applies (founders read the relationships on their companies).';
COMMENT ON COLUMN auxeira_dash.startup_relationships.relationship IS
    'investment, partnership or syndicate.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.id IS
    'The row of investments, corporate_partnerships or syndicates.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.company_id IS 'The founder''s company.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.company_name IS 'Its name.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.counterparty_id IS
    'The investor, corporate partner or syndicate lead (users.id) who recorded it.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.detail IS
    'Investment round, partnership type or syndicate name.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.amount IS
    'Amount invested, partnership value or syndicate target, in currency units.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.relationship_date IS
    'Investment date, partnership start or syndicate deadline.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.founder_consent IS
    'pending, accepted, rejected or revoked.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.founder_consent_at IS
    'When the founder last answered; NULL while pending.';
COMMENT ON COLUMN auxeira_dash.startup_relationships.created_at IS 'When it was recorded.';
