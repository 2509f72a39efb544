-- auxeira.company_profiles: the public face of every company (migration 0008).
--
-- A relationship that the founder has not accepted (an investment, a partnership, a
-- syndicate) opens none of the company's confidential data; the dashboards still need the
-- company's name for such a row. These columns are public to every signed-in user: name,
-- industry, stage, location, website, logo, founding date and whether the platform verified
-- it. Everything else (valuation, revenue, burn, headcount, scores, metrics) stays behind
-- row-level security.

-- Not a security_barrier view: its only filter is the tenant test, which the planner runs once
-- per statement, and a barrier would stop the join to companies from using the primary key
-- (a sequential scan of every company per dashboard row).
CREATE VIEW auxeira.company_profiles AS
SELECT c.id,
       c.name,
       c.industry,
       c.stage,
       c.location,
       c.website,
       c.logo_url,
       c.founded_date,
       c.verified
FROM auxeira.companies AS c
WHERE auxeira.current_user_id() IS NOT NULL;

COMMENT ON VIEW auxeira.company_profiles IS
    'The public profile of every company (name, industry, stage, location, website, logo, '
    'founding date, verified), for every signed-in user; no rows without a tenant. Not '
    'security_invoker: it reads companies as its owner, which is why it exposes these columns '
    'only. Confidential figures stay in auxeira.companies under row-level security.';
COMMENT ON COLUMN auxeira.company_profiles.id IS 'The company (companies.id).';
COMMENT ON COLUMN auxeira.company_profiles.name IS 'Company name as displayed on dashboards.';
COMMENT ON COLUMN auxeira.company_profiles.industry IS 'Industry or sector, free text.';
COMMENT ON COLUMN auxeira.company_profiles.stage IS 'Funding stage reached.';
COMMENT ON COLUMN auxeira.company_profiles.location IS 'Headquarters location, free text.';
COMMENT ON COLUMN auxeira.company_profiles.website IS 'Company website URL.';
COMMENT ON COLUMN auxeira.company_profiles.logo_url IS 'URL of the company logo image.';
COMMENT ON COLUMN auxeira.company_profiles.founded_date IS 'Date founded or incorporated.';
COMMENT ON COLUMN auxeira.company_profiles.verified IS
    'true = the platform verified the company (companies.verified).';
