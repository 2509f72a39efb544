-- Authorization by consent (migration 0008): a relationship that names a company opens that
-- company's data only once its founder accepted it, and a company counts toward the
-- five-company minimum of the published aggregates only once the platform verified it.
--
-- Added as columns of the existing tables (ALTER, as the migration does, so that the column
-- order of sql/ and of a migrated database agree). Who may change these columns is decided
-- by the guard triggers of sql/functions/070_authorization.sql, not by the column grants:
-- only the owner role (through auxeira.startup_answer_relationship() and the admin
-- functions) changes them.

-- investments: the founder of the company accepts, rejects or later revokes.
ALTER TABLE auxeira.investments
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'pending',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT investments_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.investments.founder_consent IS
    'Whether the founder of the company consented to this investment: pending (recorded by the '
    'investor, not yet answered; the default for every new row), accepted, rejected, revoked '
    '(accepted once, withdrawn later; the row and its history stay). Only an accepted '
    'investment lets the investor read the company''s confidential data (metrics, ESG, economic '
    'impact) and lets the founder read its cash flows and marks. Changed only through '
    'auxeira_dash.startup_answer_relationship() (guard trigger investments_guard_consent).';
COMMENT ON COLUMN auxeira.investments.founder_consent_at IS
    'When founder_consent last changed (the founder''s answer or revocation). NULL while '
    'pending and never answered.';

-- corporate_partnerships: the founder of the startup accepts the partnership.
ALTER TABLE auxeira.corporate_partnerships
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'pending',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT corporate_partnerships_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.corporate_partnerships.founder_consent IS
    'Whether the founder of the startup consented to this partnership being recorded against '
    'it: pending (the default), accepted, rejected, revoked. Changed only through '
    'auxeira_dash.startup_answer_relationship().';
COMMENT ON COLUMN auxeira.corporate_partnerships.founder_consent_at IS
    'When founder_consent last changed. NULL while pending and never answered.';

-- syndicates: a syndicate raising money for a company needs that company's consent before
-- other angels see it.
ALTER TABLE auxeira.syndicates
    ADD COLUMN founder_consent varchar(20) NOT NULL DEFAULT 'pending',
    ADD COLUMN founder_consent_at timestamptz,
    ADD CONSTRAINT syndicates_founder_consent_check CHECK (
        founder_consent IN ('pending', 'accepted', 'rejected', 'revoked')
    );

COMMENT ON COLUMN auxeira.syndicates.founder_consent IS
    'Whether the founder of company_id consented to a syndicate raising money for the company: '
    'pending (the default), accepted, rejected, revoked. Other angels see an open syndicate on a '
    'company only once accepted; a syndicate without a company needs no consent. Changed only '
    'through auxeira_dash.startup_answer_relationship().';
COMMENT ON COLUMN auxeira.syndicates.founder_consent_at IS
    'When founder_consent last changed. NULL while pending and never answered.';

-- companies: verification by the platform.
ALTER TABLE auxeira.companies
    ADD COLUMN verified boolean NOT NULL DEFAULT false,
    ADD COLUMN verified_at timestamptz;

COMMENT ON COLUMN auxeira.companies.verified IS
    'true = the platform checked that this is a real company (auxeira.admin_set_company_'
    'verified()); only verified companies count toward the five-company minimum of the '
    'published aggregates (ecosystem pulse, government economic and compliance figures), so '
    'made-up companies cannot unmask a real one. false for every company a tenant creates; a '
    'founder may hold at most auxeira.max_unverified_companies() unverified companies.';
COMMENT ON COLUMN auxeira.companies.verified_at IS
    'When verified last changed. NULL = never verified.';
