-- Undo 0004_dashboards.
SET LOCAL ROLE auxeira_owner;

DROP SCHEMA auxeira_dash CASCADE;
DROP SCHEMA auxeira_mv CASCADE;

-- functions in schema auxeira (CASCADE also drops the triggers that use them)
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOR fn IN
        SELECT p.oid::regprocedure FROM pg_catalog.pg_proc AS p
        WHERE p.pronamespace = 'auxeira'::regnamespace
          AND p.proname = ANY (ARRAY['notify_investment_dashboard', 'connections_guard', 'leads_syndicate', 'is_syndicate_member', 'auction_bid_commitment', 'partnership_auction_status', 'partnership_auctions_guard', 'auction_bids_guard', 'refresh_materialized_view', 'notify_dashboard'])
    LOOP
        EXECUTE pg_catalog.format('DROP FUNCTION %s CASCADE', fn);
    END LOOP;
END
$$;

DROP TABLE auxeira.auction_bids CASCADE;
DROP TABLE auxeira.partnership_auctions CASCADE;
DROP TABLE auxeira.company_compliance CASCADE;
DROP TABLE auxeira.regulatory_requirements CASCADE;
DROP TABLE auxeira.government_policy_impacts CASCADE;
DROP TABLE auxeira.government_policies CASCADE;
DROP TABLE auxeira.syndicate_members CASCADE;
DROP TABLE auxeira.syndicates CASCADE;
DROP TABLE auxeira.connections CASCADE;
DROP TABLE auxeira.lp_report_purchases CASCADE;
DROP TABLE auxeira.deals CASCADE;
DROP TABLE auxeira.education_unesco_compliance CASCADE;
DROP TABLE auxeira.education_teacher_training CASCADE;
DROP TABLE auxeira.education_student_outcomes CASCADE;
DROP TABLE auxeira.education_programmes CASCADE;
DROP TABLE auxeira.startup_evidence CASCADE;
DROP TABLE auxeira.customer_interviews CASCADE;
DROP TABLE auxeira.founder_daily_actions CASCADE;
DROP TABLE auxeira.view_refreshes CASCADE;
