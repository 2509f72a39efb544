-- Tax lots (issue 17): the facts a tax report needs that the investment ledger does not hold.
-- Lots and disposals themselves are derived from the ledger (sql/functions/100_tax_lots.sql);
-- these tables keep what the investor tells us about them: the jurisdiction, share counts,
-- issue dates, relief schemes and which lots a disposal sold. Not tax advice.

CREATE TABLE auxeira.tax_profiles (
    user_id uuid NOT NULL,
    jurisdiction varchar(2) NOT NULL DEFAULT 'US',
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_profiles_pkey PRIMARY KEY (user_id),
    CONSTRAINT tax_profiles_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_profiles_jurisdiction_check CHECK (jurisdiction IN ('US', 'UK'))
);

COMMENT ON TABLE auxeira.tax_profiles IS
    'The tax jurisdiction of a user (one row per user; no row = US). It decides the tax year '
    '(US: calendar year; UK: 6 April to 5 April) and the share-matching rules of the tax report '
    '(auxeira.tax_matches). Set through auxeira_dash.angel_set_tax_jurisdiction. Another '
    'jurisdiction is a new value of the check plus its rules in sql/functions/100_tax_lots.sql.';
COMMENT ON COLUMN auxeira.tax_profiles.user_id IS 'The user (users.id); deleted with them.';
COMMENT ON COLUMN auxeira.tax_profiles.jurisdiction IS
    'US (Internal Revenue Code: FIFO or specific identification, calendar tax year) or UK '
    '(TCGA 1992 share matching, tax year 6 April - 5 April).';
COMMENT ON COLUMN auxeira.tax_profiles.written_at IS
    'When the jurisdiction was last set (stamped by angel_set_tax_jurisdiction).';

CREATE TABLE auxeira.tax_lot_facts (
    lot_id uuid NOT NULL,
    investment_id uuid NOT NULL,
    investor_id uuid NOT NULL,
    shares numeric(20,6),
    shares_issued_on date,
    acquired_by varchar(20) NOT NULL DEFAULT 'purchase',
    relief varchar(4) NOT NULL DEFAULT 'none',
    company_conditions_confirmed boolean NOT NULL DEFAULT false,
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_lot_facts_pkey PRIMARY KEY (lot_id),
    CONSTRAINT tax_lot_facts_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE,
    CONSTRAINT tax_lot_facts_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_lot_facts_shares_check CHECK (shares > 0),
    CONSTRAINT tax_lot_facts_acquired_by_check CHECK (acquired_by IN ('purchase', 'conversion')),
    CONSTRAINT tax_lot_facts_relief_check CHECK (relief IN ('none', 'qsbs', 'eis', 'seis'))
);

CREATE INDEX tax_lot_facts_investment_id_idx ON auxeira.tax_lot_facts (investment_id);

COMMENT ON TABLE auxeira.tax_lot_facts IS
    'What the investor states about one lot (an acquisition: a contribution or follow_on cash '
    'flow, or an investment without such flows): the share count, the share-issue date, how '
    'it was acquired and the relief scheme it was bought under, with the company-level '
    'conditions the investor confirms. Written by auxeira_dash.angel_set_lot_facts. Not tax '
    'advice: the platform records what the investor confirms, it does not check it.';
COMMENT ON COLUMN auxeira.tax_lot_facts.lot_id IS
    'The lot: the id of its investment_cash_flows row (contribution or follow_on), or the '
    'investment''s id when the investment has no such row (its amount on its date is the lot).';
COMMENT ON COLUMN auxeira.tax_lot_facts.investment_id IS
    'The investment (one class of shares in one company) the lot belongs to.';
COMMENT ON COLUMN auxeira.tax_lot_facts.investor_id IS 'The investor who owns the lot.';
COMMENT ON COLUMN auxeira.tax_lot_facts.shares IS
    'Shares acquired, > 0. NULL = not stated: the lot counts one unit per unit of its cost.';
COMMENT ON COLUMN auxeira.tax_lot_facts.shares_issued_on IS
    'Date the shares were issued (for a converted note or SAFE, the conversion): the start of '
    'the QSBS and EIS/SEIS clocks. NULL = the acquisition date.';
COMMENT ON COLUMN auxeira.tax_lot_facts.acquired_by IS
    'purchase (cash for shares) or conversion (a note or SAFE converted into shares).';
COMMENT ON COLUMN auxeira.tax_lot_facts.relief IS
    'Relief scheme the lot was acquired under: none, qsbs (US IRC §1202), eis or seis (UK '
    'ITA 2007 Parts 5 and 5A).';
COMMENT ON COLUMN auxeira.tax_lot_facts.company_conditions_confirmed IS
    'true = the investor confirms the company-level conditions of the relief (QSBS: a domestic '
    'C corporation with aggregate gross assets within the §1202(d) limit at issue, qualified '
    'trade; EIS/SEIS: a qualifying company and a compliance certificate).';
COMMENT ON COLUMN auxeira.tax_lot_facts.written_at IS 'When the facts were last written.';

CREATE TABLE auxeira.tax_disposal_facts (
    disposal_id uuid NOT NULL,
    investment_id uuid NOT NULL,
    investor_id uuid NOT NULL,
    shares numeric(20,6) NOT NULL,
    lots jsonb NOT NULL DEFAULT '{}',
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_disposal_facts_pkey PRIMARY KEY (disposal_id),
    CONSTRAINT tax_disposal_facts_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE,
    CONSTRAINT tax_disposal_facts_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_disposal_facts_shares_check CHECK (shares > 0),
    CONSTRAINT tax_disposal_facts_lots_check CHECK (jsonb_typeof(lots) = 'object')
);

CREATE INDEX tax_disposal_facts_investment_id_idx ON auxeira.tax_disposal_facts (investment_id);

COMMENT ON TABLE auxeira.tax_disposal_facts IS
    'What the investor states about one disposal (a distribution before the exit, a partial '
    'sale): the shares it sold and, for specific identification (US), the lots it sold them '
    'from. Written by auxeira_dash.angel_identify_disposal. Without a row, a partial sale sells '
    'the fraction of the holding whose cost auxeira.investment_realisations releases.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.disposal_id IS
    'The disposal: the id of its distribution cash flow.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.investment_id IS 'The investment sold from.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.investor_id IS 'The investor who sold.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.shares IS 'Shares sold, > 0.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.lots IS
    'Specific identification: a JSON object {lot id: shares sold from it}; {} = none named '
    '(FIFO). Used for US matching only: UK law fixes the matching (TCGA 1992 s105, s106A).';
COMMENT ON COLUMN auxeira.tax_disposal_facts.written_at IS 'When the facts were last written.';
