-- The angel-investor dashboard (/api/dashboard/angel/...): one object per endpoint in schema
-- auxeira_dash. The write functions and the one-statement reports are in sql/api/angel.sql;
-- the dashboard's triggers, policies and grants in sql/security/240_angel.sql.
--
--   GET  /api/dashboard/angel/portfolio    auxeira_dash.angel_portfolio, angel_portfolio_totals
--   GET  /api/dashboard/angel/network      auxeira_dash.angel_network, angel_network_summary,
--                                          angel_network_requests
--        (writes)                          angel_request_connection, angel_respond_connection
--   GET  /api/dashboard/angel/syndicate    auxeira_dash.angel_syndicate_opportunities,
--                                          angel_syndicate_memberships
--        (write)                           angel_join_syndicate
--   POST /api/dashboard/angel/investment   auxeira_dash.angel_record_investment(...)
--   GET  /api/dashboard/angel/tax-report   auxeira_dash.angel_tax_report, angel_tax_events
--
-- Figures (MOIC, TVPI, DPI, IRR, residual value) are those of sql/functions/
-- 040_performance.sql, as of the current date. Every read is a security_invoker view: the
-- policies of sql/security/240_angel.sql decide what a reader sees.

-- GET /api/dashboard/angel/portfolio ----------------------------------------------------------

CREATE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT h.*
    FROM auxeira_dash.investor_holdings AS h;

COMMENT ON VIEW auxeira_dash.angel_portfolio IS
    'GET /api/dashboard/angel/portfolio (holdings): the rows of auxeira_dash.investor_holdings '
    '(the current user''s investments as of today, in the portfolio''s reporting currency: '
    'company, round, equity at entry, status, invested, value and its basis, MOIC = TVPI, DPI, '
    'IRR, realised / paper split). security_invoker: row-level security applies.';

CREATE VIEW auxeira_dash.angel_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.*
    FROM auxeira_dash.investor_portfolio_totals AS t;

COMMENT ON VIEW auxeira_dash.angel_portfolio_totals IS
    'GET /api/dashboard/angel/portfolio (totals): the row of '
    'auxeira_dash.investor_portfolio_totals (the current user''s portfolio as of today: counts '
    'by status, invested, value, MOIC, TVPI, DPI, RVPI, pooled IRR, realised and paper gains, '
    'the oldest mark behind a value).';

-- GET /api/dashboard/angel/network ------------------------------------------------------------

CREATE VIEW auxeira_dash.angel_network WITH (security_invoker = true) AS
    SELECT c.id AS connection_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN c.addressee_id ELSE c.requester_id END AS counterpart_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN 'sent' ELSE 'received' END AS direction,
           c.connection_type,
           c.responded_at AS connected_at
    FROM auxeira.connections AS c
    WHERE c.status = 'accepted'
      AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id);

COMMENT ON VIEW auxeira_dash.angel_network IS
    'GET /api/dashboard/angel/network (connections): the current user''s accepted '
    'connections: the other user, who asked (direction sent = the current user did), the '
    'type and since when. Connections are visible to their two users only.';

CREATE VIEW auxeira_dash.angel_network_requests WITH (security_invoker = true) AS
    SELECT c.id AS connection_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN c.addressee_id ELSE c.requester_id END AS counterpart_id,
           CASE WHEN c.requester_id = auxeira.current_user_id()
                THEN 'sent' ELSE 'received' END AS direction,
           c.connection_type,
           c.message,
           c.created_at AS requested_at
    FROM auxeira.connections AS c
    WHERE c.status = 'requested'
      AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id);

COMMENT ON VIEW auxeira_dash.angel_network_requests IS
    'GET /api/dashboard/angel/network (pending): connection requests of the current user '
    'still waiting for an answer, received (answer with angel_respond_connection) and sent.';

CREATE VIEW auxeira_dash.angel_network_summary WITH (security_invoker = true) AS
    SELECT t.connection_type,
           count(c.id) FILTER (WHERE c.status = 'accepted') AS accepted,
           count(c.id) FILTER (WHERE c.status = 'requested'
                                 AND c.addressee_id = auxeira.current_user_id())
               AS pending_received,
           count(c.id) FILTER (WHERE c.status = 'requested'
                                 AND c.requester_id = auxeira.current_user_id())
               AS pending_sent
    FROM unnest(ARRAY['co-investor', 'founder', 'mentor', 'advisor', 'service-provider'])
         AS t(connection_type)
    LEFT JOIN auxeira.connections AS c
           ON c.connection_type = t.connection_type
          AND auxeira.current_user_id() IN (c.requester_id, c.addressee_id)
    GROUP BY t.connection_type;

COMMENT ON VIEW auxeira_dash.angel_network_summary IS
    'GET /api/dashboard/angel/network (counts): per connection type, the current user''s '
    'accepted connections and pending requests received and sent (0 when none).';

-- GET /api/dashboard/angel/syndicate ----------------------------------------------------------

CREATE VIEW auxeira_dash.angel_syndicate_opportunities WITH (security_invoker = true) AS
    SELECT s.id AS syndicate_id,
           s.name,
           s.description,
           s.company_id,
           c.name AS company_name,
           c.industry,
           s.investment_round,
           s.lead_id,
           s.lead_id = auxeira.current_user_id() AS is_lead,
           s.target_amount,
           s.min_ticket,
           s.carry_percentage,
           s.deadline,
           s.deadline - CURRENT_DATE AS days_left,
           s.status,
           mine.commitment_amount AS my_commitment,
           totals.committed AS committed_total,
           totals.members AS member_count
    FROM auxeira.syndicates AS s
    LEFT JOIN auxeira.company_profiles AS c ON c.id = s.company_id
    LEFT JOIN auxeira.syndicate_members AS mine
           ON mine.syndicate_id = s.id
          AND mine.member_id = auxeira.current_user_id()
          AND mine.status <> 'withdrawn'
    LEFT JOIN LATERAL (
        SELECT coalesce(sum(m.commitment_amount), 0) AS committed, count(*) AS members
        FROM auxeira.syndicate_members AS m
        WHERE m.syndicate_id = s.id AND m.status <> 'withdrawn'
    ) AS totals ON s.lead_id = auxeira.current_user_id()
    WHERE s.status = 'open';

COMMENT ON VIEW auxeira_dash.angel_syndicate_opportunities IS
    'GET /api/dashboard/angel/syndicate (opportunities): the open syndicates the current user '
    'may see (every open syndicate for an angel, plus the ones they lead or joined), with the '
    'published terms (target, minimum ticket, carry, deadline, days left), the caller''s own '
    'commitment, and, for the lead only, the total committed and the number of members '
    '(NULL for everyone else: other members'' commitments are private). The company''s name and '
    'industry appear when the companies policies let the reader see the company.';

CREATE VIEW auxeira_dash.angel_syndicate_memberships WITH (security_invoker = true) AS
    SELECT m.id AS membership_id,
           m.syndicate_id,
           s.name AS syndicate_name,
           s.company_id,
           s.lead_id,
           s.status AS syndicate_status,
           s.deadline,
           s.carry_percentage,
           m.commitment_amount,
           m.status,
           m.created_at AS joined_at
    FROM auxeira.syndicate_members AS m
    JOIN auxeira.syndicates AS s ON s.id = m.syndicate_id
    WHERE m.member_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_syndicate_memberships IS
    'GET /api/dashboard/angel/syndicate (memberships): the current user''s syndicate '
    'memberships, whatever the syndicate''s status, with the commitment and its status.';

-- GET /api/dashboard/angel/tax-report ---------------------------------------------------------
--
-- Lots, disposals matched to them by the rules of the user's jurisdiction, and relief clocks
-- (sql/functions/100_tax_lots.sql, docs/TAX-LOTS.md). Not tax advice. The disposals are
-- auxeira.investment_realisations(), the one definition of a realisation; their proceeds are
-- spread over the lots they are matched to by shares. Tax year: the jurisdiction's (US calendar
-- year; UK 6 April - 5 April, named by the year it starts in). Figures are in the user's
-- reporting currency (auxeira.investor_reporting_currency), lots converted at the rate of their
-- acquisition date and proceeds as the ledger converts them (the rates are shown).

CREATE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    SELECT md5(m.disposal_id::text || m.lot_id::text || m.rule)::uuid AS id,
           m.disposal_id,
           m.investment_id,
           l.company_id,
           co.name AS company_name,
           m.disposed_on AS event_date,
           auxeira.tax_year(j.jurisdiction, m.disposed_on) AS tax_year,
           j.jurisdiction,
           m.event_type,
           m.lot_id,
           m.rule,
           m.shares,
           m.proceeds,
           m.cost AS cost_basis,
           m.gain,
           l.acquired_on,
           l.shares_issued_on,
           m.disposed_on - l.acquired_on AS holding_days,
           -- US: long-term when held more than one year (IRC §1222; the holding period starts
           -- the day after acquisition). The UK has no such distinction.
           CASE WHEN j.jurisdiction = 'US'
                THEN m.disposed_on > (l.acquired_on + interval '1 year')::date END AS long_term,
           m.currency,
           l.fx_rate AS cost_fx_rate,
           CASE WHEN l.holding_currency = m.currency THEN 1::numeric
                ELSE auxeira.fx_rate(l.holding_currency, m.currency, m.disposed_on) END
               AS proceeds_fx_rate,
           l.relief,
           l.company_conditions_confirmed,
           l.relief_tiers,
           coalesce((SELECT max(t.rate) FROM auxeira.tax_relief_tiers(l.relief, l.shares_issued_on)
                     AS t WHERE t.tier_from <= m.disposed_on), 0) AS relief_rate_reached,
           CASE WHEN l.relief <> 'none'
                THEN m.disposed_on < (SELECT min(t.tier_from) FROM auxeira.tax_relief_tiers(
                                         l.relief, l.shares_issued_on) AS t) END
               AS before_relief_clock
    FROM (SELECT auxeira.current_user_id() AS user_id,
                 auxeira.tax_jurisdiction(auxeira.current_user_id()) AS jurisdiction) AS j
    CROSS JOIN LATERAL auxeira.tax_matches(j.user_id, j.jurisdiction) AS m
    JOIN auxeira.tax_lots(j.user_id) AS l ON l.lot_id = m.lot_id
    LEFT JOIN auxeira.company_profiles AS co ON co.id = l.company_id
    WHERE m.rule <> 'held';

COMMENT ON VIEW auxeira_dash.angel_tax_events IS
    'GET /api/dashboard/angel/tax-report (detail): each disposal of the current user up to '
    'today matched to its lots (auxeira.tax_matches, by the rules of the user''s jurisdiction): '
    'one row per disposal and lot with the rule (specific, fifo, same-day, bed-and-breakfast, '
    'section-104; proceeds-only: proceeds with no share left to sell), the shares, proceeds, '
    'cost basis and gain in the reporting currency with the rates used, the tax year of the '
    'jurisdiction, the holding period (long_term: US only, held more than a year) and the '
    'lot''s relief: its tiers, the rate reached on the disposal date and whether the disposal '
    'fell before the relief clock. id is stable: the keyset of the paged list. Not tax '
    'advice.';

CREATE VIEW auxeira_dash.angel_tax_report WITH (security_invoker = true) AS
    SELECT e.tax_year,
           count(DISTINCT e.disposal_id) AS events,
           sum(e.proceeds) AS proceeds,
           sum(e.cost_basis) AS cost_basis,
           CASE WHEN min(e.jurisdiction) = 'US'
                THEN coalesce(sum(e.gain) FILTER (WHERE NOT e.long_term), 0) END
               AS short_term_gain,
           CASE WHEN min(e.jurisdiction) = 'US'
                THEN coalesce(sum(e.gain) FILTER (WHERE e.long_term), 0) END AS long_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.gain > 0), 0) AS gains,
           coalesce(sum(e.gain) FILTER (WHERE e.gain < 0), 0) AS losses,
           sum(e.gain) AS net_gain,
           min(e.jurisdiction)::varchar AS jurisdiction,
           min(e.currency)::varchar AS currency,
           count(*) FILTER (WHERE e.before_relief_clock) AS disposals_before_relief_clock
    FROM auxeira_dash.angel_tax_events AS e
    GROUP BY e.tax_year;

COMMENT ON VIEW auxeira_dash.angel_tax_report IS
    'GET /api/dashboard/angel/tax-report (by tax year): the current user''s realised gains and '
    'losses per tax year of their jurisdiction (angel_tax_events): disposals, proceeds, cost '
    'basis, short-term and long-term net gain (US only; NULL elsewhere), total gains, total '
    'losses, the net gain, and how many matched lots were disposed of before their relief '
    'clock. Not tax advice.';

CREATE VIEW auxeira_dash.angel_tax_positions WITH (security_invoker = true) AS
    SELECT l.lot_id,
           l.investment_id,
           l.company_id,
           co.name AS company_name,
           l.acquired_on,
           l.shares_issued_on,
           l.acquired_by,
           m.shares,
           l.shares_stated,
           m.cost AS cost_basis,
           m.currency,
           l.fx_rate,
           CASE WHEN j.jurisdiction = 'US'
                THEN (l.acquired_on + interval '1 year')::date + 1 END AS long_term_from,
           l.relief,
           l.company_conditions_confirmed,
           l.relief_tiers,
           l.qsbs_cap_usd,
           coalesce((SELECT max(t.rate) FROM auxeira.tax_relief_tiers(l.relief, l.shares_issued_on)
                     AS t WHERE t.tier_from <= CURRENT_DATE), 0) AS relief_rate_reached
    FROM (SELECT auxeira.current_user_id() AS user_id,
                 auxeira.tax_jurisdiction(auxeira.current_user_id()) AS jurisdiction) AS j
    CROSS JOIN LATERAL auxeira.tax_matches(j.user_id, j.jurisdiction) AS m
    JOIN auxeira.tax_lots(j.user_id) AS l ON l.lot_id = m.lot_id
    LEFT JOIN auxeira.company_profiles AS co ON co.id = l.company_id
    WHERE m.rule = 'held';

COMMENT ON VIEW auxeira_dash.angel_tax_positions IS
    'GET /api/dashboard/angel/tax-report (unrealised): what is left of each lot of the current '
    'user today after the matching of auxeira.tax_matches: shares, remaining cost in the '
    'reporting currency (rate of the acquisition date), the date it becomes long-term (US: '
    'held more than a year) and its relief clock (tiers, QSBS cap, rate reached today). Not '
    'tax advice.';
