-- Tables of the venture-capital dashboard (issue 5): the deal pipeline of a VC
-- (GET /api/dashboard/vc/deals) and the purchases of premium LP reports
-- (POST /api/dashboard/vc/lp-report/purchase). Their triggers (updated_at, NOTIFY) are in
-- sql/views/vc.sql, because the trigger functions load after sql/schema; row-level security
-- and grants are in sql/security/230_vc.sql.

CREATE TABLE auxeira.deals (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investor_id uuid NOT NULL,
    fund_id uuid,
    company_id uuid,
    company_name varchar(255) NOT NULL,
    industry varchar(100),
    investment_round varchar(50),
    stage varchar(20) NOT NULL DEFAULT 'sourced',
    ask_amount numeric(15,2),
    pre_money_valuation numeric(15,2),
    sourced_on date NOT NULL DEFAULT CURRENT_DATE,
    expected_close_on date,
    decided_on date,
    owner_name varchar(255),
    source varchar(100),
    notes text,
    investment_id uuid,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deals_pkey PRIMARY KEY (id),
    CONSTRAINT deals_investor_id_fkey FOREIGN KEY (investor_id) REFERENCES auxeira.users (id),
    CONSTRAINT deals_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES auxeira.funds (id),
    CONSTRAINT deals_company_id_fkey FOREIGN KEY (company_id) REFERENCES auxeira.companies (id),
    CONSTRAINT deals_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id),
    CONSTRAINT deals_company_name_check CHECK (btrim(company_name) <> ''),
    CONSTRAINT deals_investment_round_check CHECK (
        investment_round IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT deals_stage_check CHECK (
        stage IN ('sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed')
    ),
    CONSTRAINT deals_ask_amount_check CHECK (ask_amount > 0),
    CONSTRAINT deals_pre_money_valuation_check CHECK (pre_money_valuation >= 0),
    CONSTRAINT deals_expected_close_on_check CHECK (expected_close_on >= sourced_on),
    CONSTRAINT deals_decided_on_check CHECK (
        decided_on IS NULL OR (decided_on >= sourced_on AND stage IN ('closed', 'passed'))
    ),
    CONSTRAINT deals_investment_id_check CHECK (investment_id IS NULL OR stage = 'closed'),
    CONSTRAINT deals_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX deals_investor_id_stage_idx ON auxeira.deals (investor_id, stage);
CREATE INDEX deals_fund_id_idx ON auxeira.deals (fund_id);
CREATE INDEX deals_company_id_idx ON auxeira.deals (company_id);
CREATE INDEX deals_investment_id_idx ON auxeira.deals (investment_id);
CREATE INDEX deals_expires_at_idx ON auxeira.deals (expires_at) WHERE is_synthetic;
CREATE INDEX deals_investor_id_sourced_on_id_idx
    ON auxeira.deals (investor_id, sourced_on DESC, id DESC);

COMMENT ON TABLE auxeira.deals IS
    'Deal flow of a VC: one row per opportunity in the investor''s pipeline, from sourced '
    'through screening, diligence and term sheet to closed (invested) or passed. The '
    'specification lists GET /api/dashboard/vc/deals without a table; this is it. Private to '
    'the investor (row-level security on investor_id).';
COMMENT ON COLUMN auxeira.deals.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.deals.investor_id IS
    'The VC account (users.id) whose pipeline this deal is in. Required.';
COMMENT ON COLUMN auxeira.deals.fund_id IS
    'The fund (funds.id) considering the deal; must be one of the investor''s funds (checked by '
    'the row-level security policy). NULL = not assigned to a fund.';
COMMENT ON COLUMN auxeira.deals.company_id IS
    'The company (companies.id) when it is on the platform. NULL = not (yet) on the platform; '
    'company_name then identifies it.';
COMMENT ON COLUMN auxeira.deals.company_name IS
    'Name of the company as the investor knows it; required, not blank. Shown on the dashboard '
    'even when the investor cannot read the companies row (companies are visible to investors '
    'only once they hold an investment).';
COMMENT ON COLUMN auxeira.deals.industry IS
    'Industry or sector of the company, free text (e.g. Fintech). NULL = not recorded.';
COMMENT ON COLUMN auxeira.deals.investment_round IS
    'Round being raised: pre-seed, seed, series-a, series-b, series-c+. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.stage IS
    'Pipeline stage: sourced (default; first contact), screening (first look), diligence, '
    'term-sheet (terms offered or negotiated), closed (invested; investment_id may link the '
    'investment), passed (declined by the investor or lost).';
COMMENT ON COLUMN auxeira.deals.ask_amount IS
    'Amount the company is raising in the round, in currency units, > 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.pre_money_valuation IS
    'Pre-money valuation asked or offered, in currency units, >= 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.sourced_on IS
    'Date the deal entered the pipeline; defaults to the day of insertion.';
COMMENT ON COLUMN auxeira.deals.expected_close_on IS
    'Expected closing date of the round; never before sourced_on. NULL = unknown.';
COMMENT ON COLUMN auxeira.deals.decided_on IS
    'Date the deal was closed or passed; only for stage closed or passed, never before '
    'sourced_on. NULL = no decision yet (or not recorded).';
COMMENT ON COLUMN auxeira.deals.owner_name IS
    'The partner or associate at the firm responsible for the deal, free text. NULL = '
    'unassigned.';
COMMENT ON COLUMN auxeira.deals.source IS
    'Where the deal came from, free text (e.g. referral, inbound, event). NULL = not recorded.';
COMMENT ON COLUMN auxeira.deals.notes IS 'Free-text notes of the deal team. NULL = none.';
COMMENT ON COLUMN auxeira.deals.investment_id IS
    'The investment (investments.id) the deal turned into; only for stage closed. NULL = none.';
COMMENT ON COLUMN auxeira.deals.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real deal.';
COMMENT ON COLUMN auxeira.deals.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows '
    '(CHECK deals_expires_at_check).';
COMMENT ON COLUMN auxeira.deals.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.deals.updated_at IS
    'When the row was last updated (e.g. moved to another stage); set by trigger '
    'update_deals_updated_at.';

COMMENT ON INDEX auxeira.deals_investor_id_stage_idx IS
    'Serves the pipeline read (one investor''s deals, counted per stage) and the investor '
    'foreign key.';
COMMENT ON INDEX auxeira.deals_fund_id_idx IS 'Serves the fund_id foreign key.';
COMMENT ON INDEX auxeira.deals_investor_id_sourced_on_id_idx IS
    'Serves the keyset-paged deal list (auxeira_dash.vc_deals_report: one investor''s deals, '
    'newest sourced first, after a cursor) in index order (0017).';
COMMENT ON INDEX auxeira.deals_company_id_idx IS 'Serves the company_id foreign key.';
COMMENT ON INDEX auxeira.deals_investment_id_idx IS 'Serves the investment_id foreign key.';
COMMENT ON INDEX auxeira.deals_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.lp_report_purchases (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    buyer_id uuid NOT NULL,
    fund_id uuid NOT NULL,
    payment_reference varchar(255) NOT NULL,
    payment_provider varchar(20) NOT NULL DEFAULT 'stripe',
    amount numeric(12,2) NOT NULL,
    currency varchar(3) NOT NULL DEFAULT 'USD',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    price_id uuid,
    CONSTRAINT lp_report_purchases_pkey PRIMARY KEY (id),
    CONSTRAINT lp_report_purchases_buyer_id_fkey FOREIGN KEY (buyer_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT lp_report_purchases_fund_id_fkey FOREIGN KEY (fund_id)
        REFERENCES auxeira.funds (id),
    CONSTRAINT lp_report_purchases_payment_reference_check CHECK (
        payment_reference ~ '^[A-Za-z0-9_.:-]{4,255}$'
    ),
    CONSTRAINT lp_report_purchases_payment_provider_check CHECK (
        payment_provider IN ('stripe', 'paystack', 'manual')
    ),
    CONSTRAINT lp_report_purchases_amount_check CHECK (amount > 0),
    CONSTRAINT lp_report_purchases_currency_check CHECK (
        currency IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR')
    ),
    CONSTRAINT lp_report_purchases_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX lp_report_purchases_payment_reference_key
    ON auxeira.lp_report_purchases (payment_reference);
CREATE INDEX lp_report_purchases_buyer_id_idx ON auxeira.lp_report_purchases (buyer_id);
CREATE INDEX lp_report_purchases_fund_id_idx ON auxeira.lp_report_purchases (fund_id);
CREATE INDEX lp_report_purchases_expires_at_idx
    ON auxeira.lp_report_purchases (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.lp_report_purchases IS
    'Purchases of the premium LP report of a fund (POST /api/dashboard/vc/lp-report/purchase): '
    'one row per payment, written by auxeira_dash.vc_purchase_lp_report(), which is idempotent '
    'on payment_reference (a retried request returns the same row). Never updated or deleted by '
    'the application: a refund is the payment provider''s business and a new record here.';
COMMENT ON COLUMN auxeira.lp_report_purchases.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.lp_report_purchases.buyer_id IS
    'The VC account (users.id) that bought the report; the fund''s manager.';
COMMENT ON COLUMN auxeira.lp_report_purchases.fund_id IS
    'The fund (funds.id) whose premium LP report was bought; one of the buyer''s funds.';
COMMENT ON COLUMN auxeira.lp_report_purchases.payment_reference IS
    'The payment provider''s reference of the payment (Stripe payment intent, Paystack '
    'reference): 4-255 letters, digits and _ . : -; unique across the platform, the '
    'idempotency key of the purchase.';
COMMENT ON COLUMN auxeira.lp_report_purchases.payment_provider IS
    'Who took the payment: stripe (default), paystack, or manual (invoice, bank transfer).';
COMMENT ON COLUMN auxeira.lp_report_purchases.amount IS
    'Amount paid, in currency units of currency, > 0.';
COMMENT ON COLUMN auxeira.lp_report_purchases.currency IS
    'ISO 4217 code of the payment: USD (default), EUR, GBP, NGN, KES, GHS or ZAR.';
COMMENT ON COLUMN auxeira.lp_report_purchases.is_synthetic IS
    'true = generated demo / test data; false = a real purchase.';
COMMENT ON COLUMN auxeira.lp_report_purchases.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.lp_report_purchases.created_at IS
    'When the purchase was recorded (the first request with its payment reference).';
COMMENT ON COLUMN auxeira.lp_report_purchases.price_id IS
    'The auxeira.price_list row the amount was taken from (product lp_report_premium; foreign '
    'key lp_report_purchases_price_id_fkey, declared with the price list in '
    'sql/schema/280_price_list.sql). NULL for purchases recorded before the price list (0009) '
    'and for synthetic rows.';

COMMENT ON INDEX auxeira.lp_report_purchases_payment_reference_key IS
    'One purchase per payment reference: the idempotency key of vc_purchase_lp_report().';
COMMENT ON INDEX auxeira.lp_report_purchases_buyer_id_idx IS
    'Serves the buyer foreign key and the buyer''s purchases.';
COMMENT ON INDEX auxeira.lp_report_purchases_fund_id_idx IS
    'Serves the fund foreign key and "is this fund''s premium report bought" in the LP report.';
COMMENT ON INDEX auxeira.lp_report_purchases_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- Change notifications of the spec tables that name no user: investment_cash_flows and
-- valuation_marks belong to an investment, so their event concerns the investment's investor.
-- (auxeira.notify_dashboard() reads the user from a column of the changed row, which these
-- tables lack.) The triggers that use it are created in sql/views/vc.sql and angel.sql; the
-- outbox it writes is sql/schema/270_outbox.sql.
CREATE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
    event_id uuid;
BEGIN
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- As the owner: the investor is found whoever wrote the row.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    IF investor IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (investor, TG_ARGV[0], TG_TABLE_NAME, row_id::text, lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): like auxeira.notify_dashboard(), writes one auxeira.outbox row for the '
    'investor of the row''s investment (looked up in auxeira.investments as the owner) and '
    'NOTIFYs auxeira_<dashboard> (trigger argument 1) with that row''s id only. SECURITY '
    'DEFINER as auxeira_owner (services cannot write the outbox). Silent while '
    'auxeira.suppress_notify is ''on'' (bulk loads).';
