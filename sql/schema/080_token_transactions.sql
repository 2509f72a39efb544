-- auxeira.token_transactions: append-only ledger of reward tokens earned and spent by users
-- (gamification); SUM(amount) per user is the user's balance.

CREATE TABLE auxeira.token_transactions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    transaction_type varchar(50) NOT NULL,
    amount integer NOT NULL,
    multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    reason varchar(255),
    activity_type varchar(100),
    streak_count integer NOT NULL DEFAULT 0,
    quality_score integer,
    region_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    stage_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    consistency_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    total_tokens_after integer,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    source_id uuid,
    CONSTRAINT token_transactions_pkey PRIMARY KEY (id),
    CONSTRAINT token_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT token_transactions_transaction_type_check CHECK (
        transaction_type IN ('earned', 'spent', 'bonus', 'penalty')
    ),
    -- The sign follows the type; an unknown type is left to the type check to report.
    CONSTRAINT token_transactions_amount_check CHECK (
        CASE
            WHEN transaction_type IN ('earned', 'bonus') THEN amount > 0
            WHEN transaction_type IN ('spent', 'penalty') THEN amount < 0
            ELSE true
        END
    ),
    CONSTRAINT token_transactions_multiplier_check CHECK (multiplier > 0),
    CONSTRAINT token_transactions_streak_count_check CHECK (streak_count >= 0),
    CONSTRAINT token_transactions_quality_score_check CHECK (quality_score BETWEEN 0 AND 100),
    CONSTRAINT token_transactions_region_multiplier_check CHECK (region_multiplier > 0),
    CONSTRAINT token_transactions_stage_multiplier_check CHECK (stage_multiplier > 0),
    CONSTRAINT token_transactions_consistency_multiplier_check CHECK (consistency_multiplier > 0),
    CONSTRAINT token_transactions_total_tokens_after_check CHECK (total_tokens_after >= 0),
    CONSTRAINT token_transactions_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_token_transactions_user ON auxeira.token_transactions (user_id, created_at);
CREATE INDEX token_transactions_expires_at_idx
    ON auxeira.token_transactions (expires_at) WHERE is_synthetic;
CREATE UNIQUE INDEX token_transactions_activity_type_source_id_key
    ON auxeira.token_transactions (activity_type, source_id) WHERE source_id IS NOT NULL;

COMMENT ON TABLE auxeira.token_transactions IS
    'Reward-token ledger: one row per credit or debit of a user''s tokens, never updated (no '
    'updated_at); a mistake is corrected by a further row. amount is signed, so a user''s balance '
    'is SUM(amount) over that user''s rows, and the tokens of a period are SUM(amount) over its '
    'rows. Services cannot write it (0009): tokens are awarded and spent only by the functions '
    'that check the rule earning or spending them (auxeira.award_tokens, auxeira.spend_tokens, '
    'auxeira.token_penalty; the rules are auxeira.token_rules()), one transaction at a time per '
    'user, so total_tokens_after is the running balance in ledger order and never negative.';
COMMENT ON COLUMN auxeira.token_transactions.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.token_transactions.user_id IS
    'The user whose token balance changes (users.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.token_transactions.transaction_type IS
    'Kind of movement: earned (reward for an activity, amount > 0), bonus (extra credit such as a '
    'streak or promotion, amount > 0), spent (tokens redeemed, amount < 0), penalty (tokens '
    'removed for abuse or a reversal, amount < 0). Required.';
COMMENT ON COLUMN auxeira.token_transactions.amount IS
    'Tokens credited (positive, for earned and bonus) or debited (negative, for spent and '
    'penalty), whole tokens, never 0; the final amount after all multipliers are applied. '
    'Required. SUM(amount) is the balance.';
COMMENT ON COLUMN auxeira.token_transactions.multiplier IS
    'Overall multiplier applied to the base reward, > 0 (1.00 = none, the default; max 9.99).';
COMMENT ON COLUMN auxeira.token_transactions.reason IS
    'Human-readable reason shown to the user (e.g. "Weekly metrics update"). NULL = none.';
COMMENT ON COLUMN auxeira.token_transactions.activity_type IS
    'Machine-readable code of the activity that earned or spent the tokens (e.g. '
    'metrics_update, profile_completed, report_purchase). NULL = not tied to an activity.';
COMMENT ON COLUMN auxeira.token_transactions.streak_count IS
    'Consecutive-period streak of the activity at the time of the transaction, >= 0 (default 0 = '
    'no streak).';
COMMENT ON COLUMN auxeira.token_transactions.quality_score IS
    'Quality rating of the submitted activity that the reward was based on, integer 0-100. '
    'NULL = not rated.';
COMMENT ON COLUMN auxeira.token_transactions.region_multiplier IS
    'Reward multiplier for the user''s region (e.g. higher for under-served markets), > 0; '
    '1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.stage_multiplier IS
    'Reward multiplier for the company''s stage, > 0; 1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.consistency_multiplier IS
    'Reward multiplier for consistent activity (streaks), > 0; 1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.total_tokens_after IS
    'The user''s balance immediately after this transaction, >= 0 (a denormalised running total '
    'for display; SUM(amount) is authoritative). NULL = not recorded.';
COMMENT ON COLUMN auxeira.token_transactions.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real transaction.';
COMMENT ON COLUMN auxeira.token_transactions.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'token_transactions_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.token_transactions.created_at IS
    'When the transaction was recorded; the ledger''s order (with id). The token functions '
    'stamp the clock time after taking the user''s ledger lock, so it follows the order in which '
    'running totals were computed.';
COMMENT ON COLUMN auxeira.token_transactions.source_id IS
    'The row that earned the tokens (customer_interviews.id for customer_interview, '
    'startup_evidence.id for evidence_uploaded, founder_daily_actions.id for daily_action): a '
    'source earns once per activity (index token_transactions_activity_type_source_id_key). '
    'NULL = not tied to one row (spending, penalties, synthetic history). No foreign key: the '
    'ledger outlives what earned it.';

COMMENT ON INDEX auxeira.token_transactions_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';
COMMENT ON INDEX auxeira.token_transactions_activity_type_source_id_key IS
    'A source row earns tokens once per activity: the award functions are idempotent on it.';
