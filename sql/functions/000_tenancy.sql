-- Tenant identity: who the current transaction acts for.
--
-- current_user_id() is deliberately not SECURITY DEFINER and has no SET clause so
-- that PostgreSQL can inline it into row-level security policies; every name in
-- it is schema-qualified instead.

CREATE FUNCTION auxeira.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT COALESCE(
        NULLIF(pg_catalog.current_setting('auxeira.user_id', true), ''),
        NULLIF(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb
            OPERATOR(pg_catalog.->>) 'sub'
    )::uuid
$$;

COMMENT ON FUNCTION auxeira.current_user_id() IS
    'The user (auxeira.users.id) the current transaction acts for: the transaction-local '
    'setting auxeira.user_id (set by auxeira_db.tenant()), else the sub claim of '
    'PostgREST''s request.jwt.claims. NULL when neither is set, which matches no rows: '
    'an unset tenant sees nothing. An empty string counts as unset.';

CREATE FUNCTION auxeira.owns_company(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.companies AS c
        WHERE c.id = owns_company.company_id
          AND c.user_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.owns_company(uuid) IS
    'True when the current user founded (owns) the company. SECURITY DEFINER so that '
    'policies on other tables can ask without recursing into the companies policies; '
    'it reveals one boolean about the caller''s own companies only.';

CREATE FUNCTION auxeira.invests_in(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.investments AS i
        WHERE i.company_id = invests_in.company_id
          AND i.investor_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.invests_in(uuid) IS
    'True when the current user holds an investment in the company. SECURITY DEFINER '
    'for the same reason as owns_company(): it lets an investor read the companies and '
    'company metrics of their portfolio without policy recursion.';

CREATE FUNCTION auxeira.my_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(c.id), '{}')
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_company_ids() IS
    'The ids of the companies the current user founded, as an array. Policies use it as '
    '"company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[])": the scalar subquery runs once per '
    'statement (an InitPlan) instead of once per row, and the comparison can use an index.';

CREATE FUNCTION auxeira.my_portfolio_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT i.company_id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_portfolio_company_ids() IS
    'The ids of the companies the current user holds an investment in, as an array; used by '
    'the investor read policies once per statement (see my_company_ids()).';

CREATE FUNCTION auxeira.my_visible_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
       OR i.company_id = ANY (auxeira.my_company_ids())
$$;

COMMENT ON FUNCTION auxeira.my_visible_investment_ids() IS
    'The ids of the investments the current user may read (their own, and those made in the '
    'companies they founded), as an array; cash flows and valuation marks follow it.';
