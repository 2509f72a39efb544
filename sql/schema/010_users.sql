-- auxeira.users: one row per platform account (founder, investor, ESG, government or corporate
-- user), with its subscription state. Parent of companies, investments, metrics, tokens and events.

CREATE TABLE auxeira.users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email varchar(255) NOT NULL,
    user_type varchar(50) NOT NULL,
    company_name varchar(255),
    company_size varchar(50),
    industry varchar(100),
    subscription_tier varchar(50) NOT NULL DEFAULT 'free',
    subscription_status varchar(50) NOT NULL DEFAULT 'active',
    trial_ends_at timestamptz,
    billing_cycle varchar(20) DEFAULT 'monthly',
    payment_method_id varchar(255),
    profile_completion_score integer NOT NULL DEFAULT 0,
    last_login_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_check CHECK (email LIKE '%_@_%'),
    CONSTRAINT users_user_type_check CHECK (
        user_type IN ('founder', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT users_company_size_check CHECK (company_size IN ('startup', 'growth', 'enterprise')),
    CONSTRAINT users_subscription_tier_check CHECK (
        subscription_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT users_subscription_status_check CHECK (
        subscription_status IN ('trialing', 'active', 'past_due', 'cancelled', 'expired')
    ),
    CONSTRAINT users_billing_cycle_check CHECK (billing_cycle IN ('monthly', 'annual')),
    CONSTRAINT users_profile_completion_score_check CHECK (
        profile_completion_score BETWEEN 0 AND 100
    ),
    CONSTRAINT users_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX idx_users_email ON auxeira.users (lower(email));
CREATE INDEX idx_users_type_status ON auxeira.users (user_type, subscription_status);
CREATE INDEX users_expires_at_idx ON auxeira.users (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.users IS
    'Platform accounts: one row per person or organisation that signs in, whatever its dashboard '
    '(founder, VC, angel, ESG, government, corporate), with its current subscription state. '
    'Rows are referenced by companies, investments, portfolio_metrics, corporate_partnerships, '
    'token_transactions, analytics_events and subscription_events without ON DELETE CASCADE, so a '
    'user that owns data cannot be deleted until that data is dealt with.';
COMMENT ON COLUMN auxeira.users.id IS
    'Primary key; random UUID (gen_random_uuid()) assigned on insert.';
COMMENT ON COLUMN auxeira.users.email IS
    'Sign-in e-mail address, stored as entered. Unique case-insensitively (index '
    'idx_users_email on lower(email)), so look it up with lower(email) = lower($1). Must '
    'contain an @ with at least one character either side.';
COMMENT ON COLUMN auxeira.users.user_type IS
    'Which dashboard the account uses: founder = startup founder, vc = venture-capital investor, '
    'angel = angel investor, esg = ESG / impact education user, government = government agency, '
    'corporate = corporate innovation / partnership user.';
COMMENT ON COLUMN auxeira.users.company_name IS
    'Name of the organisation the user belongs to, as the user typed it (free text; for founders '
    'the companies table holds the structured record). NULL = not given.';
COMMENT ON COLUMN auxeira.users.company_size IS
    'Size band of the user''s organisation: startup (early stage / small), growth (scaling), '
    'enterprise (large established organisation). NULL = not given.';
COMMENT ON COLUMN auxeira.users.industry IS
    'Industry or sector of the user''s organisation, free text (e.g. SaaS, Fintech, AI/ML). '
    'NULL = not given.';
COMMENT ON COLUMN auxeira.users.subscription_tier IS
    'Current paid plan: free (default), starter, pro, enterprise. Changes are recorded in '
    'subscription_events; this column holds the current value only.';
COMMENT ON COLUMN auxeira.users.subscription_status IS
    'State of the subscription: trialing (in free trial, see trial_ends_at), active (paid up, '
    'or on the free tier), past_due (a payment failed, inside the grace period), cancelled '
    '(the user cancelled), expired (trial or paid period ended without renewal).';
COMMENT ON COLUMN auxeira.users.trial_ends_at IS
    'When the free trial ends (or ended). NULL = the account never had a trial.';
COMMENT ON COLUMN auxeira.users.billing_cycle IS
    'How often the subscription is billed: monthly (default) or annual. NULL = no billing '
    'cycle applies.';
COMMENT ON COLUMN auxeira.users.payment_method_id IS
    'Opaque identifier of the saved payment method at the payment provider (Paystack or Stripe '
    'token). Never a card number. NULL = no payment method on file.';
COMMENT ON COLUMN auxeira.users.profile_completion_score IS
    'How complete the user''s profile is, as an integer percentage 0-100 (0 = empty, the default; '
    '100 = every profile field filled in).';
COMMENT ON COLUMN auxeira.users.last_login_at IS
    'Time of the user''s most recent successful sign-in. NULL = never signed in.';
COMMENT ON COLUMN auxeira.users.is_synthetic IS
    'true = generated demo / test data (auxeira-db seed), deleted by '
    'cleanup_expired_synthetic_data() once expires_at has passed; false = a real account. Not in '
    'the specification''s table.';
COMMENT ON COLUMN auxeira.users.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows '
    '(CHECK users_expires_at_check: real rows never expire); NULL on a synthetic row = keep '
    'indefinitely. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.users.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.users.updated_at IS
    'When the row was last updated; set automatically by trigger update_users_updated_at.';

COMMENT ON INDEX auxeira.idx_users_email IS
    'Case-insensitive uniqueness of e-mail addresses, and the index for sign-in look-ups; queries '
    'must use lower(email) to use it. Replaces the specification''s plain UNIQUE on email.';
COMMENT ON INDEX auxeira.users_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';
