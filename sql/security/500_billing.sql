-- Billing (0022, issue 15): row-level security and privileges. A user reads their own
-- subscription; nobody but the platform writes billing tables (the transition function, the
-- webhook recorder and the expiry job are SECURITY DEFINER, owned by auxeira_owner).

SELECT auxeira.apply_uniform_policies('subscriptions', 'billing_customers',
                                      'payment_webhook_events');

CREATE POLICY subscriptions_self_select ON auxeira.subscriptions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY subscriptions_self_select ON auxeira.subscriptions IS
    'A user reads their own subscription; it changes only through '
    'auxeira.subscription_transition() (no write policy, no write privilege).';

-- billing_customers and payment_webhook_events: no policy for services (the platform's own
-- records; webhooks carry other people's e-mail addresses and card details).

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go.
-- Revoke and grant again in one order, so both ways of building agree on the ACL.
REVOKE ALL ON auxeira.subscriptions, auxeira.billing_customers, auxeira.payment_webhook_events
    FROM auxeira_app, auxeira_readonly;
GRANT SELECT ON auxeira.subscriptions TO auxeira_app;
GRANT SELECT ON auxeira.subscriptions, auxeira.billing_customers,
    auxeira.payment_webhook_events TO auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.minor_to_major(bigint, text),
    auxeira.tier_rank(text),
    auxeira.billing_event_key(timestamptz, integer, text),
    auxeira.subscription_transition(uuid, text, text, text, numeric, text, timestamptz,
        timestamptz, boolean, timestamptz, text, text, text, text, integer, integer, text),
    auxeira.billing_settle(uuid),
    auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb, text, text,
        text, boolean, jsonb, jsonb),
    auxeira.billing_expire_lapsed(timestamptz),
    auxeira.may_use(text, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.minor_to_major(bigint, text),
    auxeira.tier_rank(text),
    auxeira.may_use(text, uuid)
    TO auxeira_app, auxeira_readonly;
-- The webhook receiver records events only after auxeira_db.billing.ingest verified their
-- signature, so the recorder is the platform's (auxeira_admin, like the transition function):
-- granted to a service's auxeira_app, it would let a tenant forge its own upgrade.
GRANT EXECUTE ON FUNCTION
    auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb, text, text,
        text, boolean, jsonb, jsonb)
    TO auxeira_admin;
GRANT EXECUTE ON FUNCTION
    auxeira.subscription_transition(uuid, text, text, text, numeric, text, timestamptz,
        timestamptz, boolean, timestamptz, text, text, text, text, integer, integer, text)
    TO auxeira_admin;

-- Revenue metrics: for the product and finance team (and the read-only role's BI tools).
REVOKE EXECUTE ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text)
    TO auxeira_analyst;
REVOKE EXECUTE ON FUNCTION auxeira_analytics.conversion_funnel(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_analytics.conversion_funnel(date, date) TO auxeira_analyst;
