-- Tenant identity: who the current transaction acts for.
--
-- current_user_id() is deliberately not SECURITY DEFINER and has no SET clause so
-- that PostgreSQL can inline it into row-level security policies; every name in
-- it is schema-qualified instead.

CREATE FUNCTION auxeira.tenant_from_claims(setting text, claims text)
    RETURNS uuid
    LANGUAGE plpgsql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sub text := nullif(claims, '')::jsonb ->> 'sub';
BEGIN
    IF setting IS NULL OR sub IS NULL THEN
        RETURN coalesce(setting, sub)::uuid;
    END IF;
    IF setting::uuid <> sub::uuid THEN
        RAISE EXCEPTION 'the tenant is ambiguous: auxeira.user_id and the JWT sub claim name '
                        'different users'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'set one of auxeira.user_id or request.jwt.claims, or both to the same user';
    END IF;
    RETURN setting::uuid;
END
$$;

COMMENT ON FUNCTION auxeira.tenant_from_claims(text, text) IS
    'The tenant when PostgREST''s request.jwt.claims is set: its sub claim, or the setting '
    'auxeira.user_id when only that names a user; raises insufficient_privilege (42501) when '
    'both are set and name different users, so that neither silently wins. Called by '
    'current_user_id() only when claims are present, which keeps the common path (a service '
    'setting auxeira.user_id) a single setting look-up.';

CREATE FUNCTION auxeira.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    -- Kept small on purpose: it is inlined into every policy and evaluated during planning
    -- too. Without JWT claims (the service path) it is the setting alone; with claims,
    -- tenant_from_claims() decides and refuses a conflict.
    SELECT CASE
        WHEN NULLIF(pg_catalog.current_setting('request.jwt.claims', true), '') IS NULL
            THEN NULLIF(pg_catalog.current_setting('auxeira.user_id', true), '')::pg_catalog.uuid
        ELSE auxeira.tenant_from_claims(
            NULLIF(pg_catalog.current_setting('auxeira.user_id', true), ''),
            pg_catalog.current_setting('request.jwt.claims', true))
    END
$$;

COMMENT ON FUNCTION auxeira.current_user_id() IS
    'The user (auxeira.users.id) the current transaction acts for: the transaction-local '
    'setting auxeira.user_id (set by auxeira_db.tenant()), else the sub claim of '
    'PostgREST''s request.jwt.claims. NULL when neither is set, which matches no rows: '
    'an unset tenant sees nothing. An empty string counts as unset. When both are set and name '
    'different users it raises insufficient_privilege instead of preferring one '
    '(auxeira.tenant_from_claims()). Every cast and operator is schema-qualified (no SET '
    'search_path, so that policies can inline it).';

CREATE FUNCTION auxeira.require_user_id()
    RETURNS uuid
    LANGUAGE plpgsql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END
$$;

COMMENT ON FUNCTION auxeira.require_user_id() IS
    'The "no tenant" guard of every function that acts for a user: auxeira.current_user_id(), '
    'or, when no tenant is set, one error for all of them: insufficient_privilege (SQLSTATE '
    '42501, auxeira_db.PermissionDenied in Python) with the message "no tenant: call inside '
    'auxeira_db.tenant() (auxeira.user_id is unset)". Use it as the initial value of the '
    'function''s tenant variable: me uuid := auxeira.require_user_id();';

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
          AND i.founder_consent = 'accepted'
    )
$$;

COMMENT ON FUNCTION auxeira.invests_in(uuid) IS
    'True when the current user holds an investment in the company that its founder accepted '
    '(investments.founder_consent = accepted). SECURITY DEFINER '
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
      AND i.founder_consent = 'accepted'
$$;

COMMENT ON FUNCTION auxeira.my_portfolio_company_ids() IS
    'The ids of the companies the current user holds an investment in that the founder accepted '
    '(founder_consent = accepted), as an array; used by the investor read policies once per '
    'statement (see my_company_ids()). A pending, rejected or revoked investment opens nothing.';

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
       OR (i.company_id = ANY (auxeira.my_company_ids()) AND i.founder_consent = 'accepted')
$$;

COMMENT ON FUNCTION auxeira.my_visible_investment_ids() IS
    'The ids of the investments whose cash flows and valuation marks the current user may read '
    '(their own, and the accepted ones made in the companies they founded), as an array.';

CREATE FUNCTION auxeira.my_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_investment_ids() IS
    'The ids of the current user''s own investments (as investor), as an array: the write '
    'policies of cash flows and valuation marks, which only the investor may write.';
