-- auxeira.price_list: what the platform charges, maintained by the owner role (added in 0009).
-- Every purchase takes its price from here, never from the caller: the premium LP report
-- (auxeira_dash.vc_purchase_lp_report) in money, and token redemptions
-- (auxeira.spend_tokens) in TOK, the platform's reward tokens. Billing extends this table;
-- it does not create a second one. Triggers and the lookup: sql/functions/280_prices.sql.

CREATE TABLE auxeira.price_list (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    product_code varchar(64) NOT NULL,
    currency varchar(3) NOT NULL,
    amount numeric(14,2) NOT NULL,
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_to timestamptz,
    active boolean NOT NULL DEFAULT true,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT price_list_pkey PRIMARY KEY (id),
    CONSTRAINT price_list_product_code_check CHECK (product_code ~ '^[a-z][a-z0-9_]{1,63}$'),
    CONSTRAINT price_list_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT price_list_amount_check CHECK (amount > 0),
    CONSTRAINT price_list_token_amount_check CHECK (currency <> 'TOK' OR amount = trunc(amount)),
    CONSTRAINT price_list_valid_to_check CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT price_list_description_check CHECK (length(description) <= 1000)
);

CREATE INDEX price_list_product_code_currency_idx
    ON auxeira.price_list (product_code, currency, valid_from);

COMMENT ON TABLE auxeira.price_list IS
    'Prices of what the platform sells, one row per product, currency and validity period; '
    'maintained by auxeira_owner only (services read it). A purchase takes the price in effect '
    'at its time (auxeira.current_price): active, valid_from <= time < valid_to. At most one '
    'active price per product and currency at any moment (trigger price_list_no_overlap). A '
    'price change ends the old row (valid_to) and adds a new one, so history is kept. Currency '
    'TOK prices a token redemption in whole reward tokens.';
COMMENT ON COLUMN auxeira.price_list.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.price_list.product_code IS
    'What is sold: lower-case letters, digits and _, 2-64 characters (e.g. lp_report_premium, '
    'mentor_session). Shared by all currencies and periods of a product.';
COMMENT ON COLUMN auxeira.price_list.currency IS
    'ISO 4217 code of the price (USD, EUR, NGN ...), or TOK for platform reward tokens.';
COMMENT ON COLUMN auxeira.price_list.amount IS
    'The price, > 0, in units of currency (two decimals; whole tokens for TOK).';
COMMENT ON COLUMN auxeira.price_list.valid_from IS
    'First moment the price applies (inclusive).';
COMMENT ON COLUMN auxeira.price_list.valid_to IS
    'Moment the price stops applying (exclusive), after valid_from; NULL = until further notice.';
COMMENT ON COLUMN auxeira.price_list.active IS
    'false = withdrawn: never used, whatever its dates (kept for history); default true.';
COMMENT ON COLUMN auxeira.price_list.description IS
    'What the buyer gets, for people (at most 1000 characters). NULL = none.';
COMMENT ON COLUMN auxeira.price_list.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.price_list.updated_at IS
    'When the row was last changed; set by trigger update_price_list_updated_at.';
COMMENT ON INDEX auxeira.price_list_product_code_currency_idx IS
    'Serves the price lookup (auxeira.current_price) and the overlap check.';

-- Purchases name the price they were charged (the column is in sql/schema/230_vc.sql, which
-- loads before this table exists).
ALTER TABLE auxeira.lp_report_purchases
    ADD CONSTRAINT lp_report_purchases_price_id_fkey FOREIGN KEY (price_id)
    REFERENCES auxeira.price_list (id);
CREATE INDEX lp_report_purchases_price_id_idx ON auxeira.lp_report_purchases (price_id);
COMMENT ON INDEX auxeira.lp_report_purchases_price_id_idx IS
    'Serves the price_id foreign key (a price row cannot be deleted while a purchase names it).';

-- The prices in force when the list was introduced (0009): the premium LP report in the
-- currencies a purchase accepts (USD 499 converted at the platform's reference rates), and the
-- token redemptions of the reward programme. Valid from 2020 so that recorded history is priced.
INSERT INTO auxeira.price_list (product_code, currency, amount, valid_from, description)
VALUES
    ('lp_report_premium', 'USD', 499.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'EUR', 459.08, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'GBP', 394.21, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'NGN', 748500.00, '2020-01-01T00:00:00Z',
     'Premium LP report of a fund'),
    ('lp_report_premium', 'KES', 64870.00, '2020-01-01T00:00:00Z',
     'Premium LP report of a fund'),
    ('lp_report_premium', 'GHS', 7485.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'ZAR', 8982.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('report_purchase', 'TOK', 120, '2020-01-01T00:00:00Z', 'Premium report'),
    ('mentor_session', 'TOK', 200, '2020-01-01T00:00:00Z', 'Mentor session booked'),
    ('event_ticket', 'TOK', 80, '2020-01-01T00:00:00Z', 'Event ticket');
