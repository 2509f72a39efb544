-- XIRR and XNPV: the annual rate of return of dated cash flows, in SQL and PL/pgSQL only.
--
-- Convention (Excel XIRR, pyxirr's default ACT_365F): with d0 the earliest flow date,
--   NPV(r) = sum(amount_i * (1 + r) ^ (-(date_i - d0) / 365))
-- and XIRR is the r > -1 with NPV(r) = 0. Outflows (paid in) are negative, inflows positive.
--
-- API
--   auxeira.xirr(amount numeric, flow_date date)   aggregate: GROUP BY, OVER (PARTITION BY ...)
--   auxeira.xirr(amounts numeric[], dates date[])  the same solver on two parallel arrays
--   auxeira.xnpv(rate, amounts numeric[], dates date[])
-- Rows may come in any order and several flows may share a date. A row whose amount or date
-- is NULL is ignored, and so is a zero amount (|amount| <= 1e-100). The result is NULL, never
-- an error and never an endless loop, when no rate exists: no outflow or no inflow, fewer
-- than two distinct dates, flows that net to nothing (the NPV is the same at every rate, or
-- only tends to 0), or a rate that double precision cannot hold (it would round to -1 or
-- overflow: ln(1 + r) outside (-37.4, 709.7)). NaN or infinite amounts, amounts of magnitude
-- 1e100 or more, and infinite dates also give NULL.
--
-- Several rates: NPV(r) = 0 can have more than one root when the signs of the date-ordered
-- flows change more than once. The rate returned is then the root closest to 0 %, measured
-- as |ln(1 + r)| (the continuously compounded rate); on a tie the positive root. When all
-- outflows precede all inflows (or the reverse) the root is unique. (Excel and pyxirr return
-- the root that Newton's method reaches from 10 %, which is often but not always this one.)
--
-- Method. In z = ln(1 + r) / 365 (a rate per day, any real number), with P(z) and N(z) the
-- present values of the inflows and of the outflows, the solver finds the root of
--   g(z) = ln P(z) - ln N(z),
-- which has the roots of the NPV, is nearly linear (g'(z) is the gap between the PV-weighted
-- mean dates of outflows and inflows) and costs one exp() per flow, g' coming from the same
-- pass. The first guess solves the second-order expansion of g at 0 (multiple, duration gap
-- and date dispersion: sums without exp()); the first step is an inverse quartic Hermite
-- interpolation between 0 and that guess, the next ones Newton steps kept inside a bracket by
-- bisection, until the predicted error is below max(1e-11, 1e-10 |ln(1 + r)|): typically two
-- passes over the flows. Exponents are centred on the middle of the date range and the search
-- stays where they are below 300 in magnitude, so no float overflow or underflow can occur.
-- When flows are interleaved, a convexity argument (ln P and ln N are convex in z) proves that
-- no root lies closer to 0; when it cannot, or the fast path finds no root, the general solver
-- searches outwards from 0 with overflow-proof log-sum-exp evaluations and certificates that
-- an interval holds at most one root (g monotone) or none (convexity bounds).
--
-- Speed. The transition function appends (amount, day) pairs to a float8[]: outflows in front,
-- inflows at the back, separated by an Infinity marker, so that the final function needs no
-- sort and no test of sign per flow. The combine function splices two states, so that the
-- aggregate can run in parallel plans. The transition, combine, final and evaluation functions
-- carry no SET search_path: on the transition function it cost about 0.7 us per row on
-- PostgreSQL 15 (the setting is applied and reverted on every call), doubling its cost. They
-- schema-qualify every auxeira object instead, and built-ins resolve in pg_catalog, which is
-- searched first. The entry points called once per query or per array (the array form of
-- xirr, xnpv, the general solver) set search_path = pg_catalog, pg_temp like the rest of the
-- package. The declared COSTs (50 per row, 500 per group) are measured ratios to a built-in
-- operator: the transition costs 1.5-2 us per row (PostgreSQL 15 and 18; about 0.5 us of it
-- is the PL/pgSQL call itself, the rest the numeric-to-float8 cast and the array copy), some
-- 50 times a float8 operator. At 25 the planner of PostgreSQL 18 kept a GROUP BY over 200,000
-- flows serial; at 50 both versions give it a parallel worker. A GROUP BY over a table then
-- reaches the default jit_above_cost at about 500,000 rows (700,000 at 25), above which JIT
-- compilation, which plpgsql cannot use, adds its fixed cost.
-- Measured alternatives (bench/xirr.py, 10,000 groups of 20 flows): a LANGUAGE sql transition
-- function is 2-3 times slower on both versions (it is never inlined as an aggregate's
-- transition, and runs the SQL-function executor per row); a text state (concat of the
-- amounts' text) and a leaner CASE save nothing measurable; PL/pgSQL copies the state on each
-- call (O(n) per row, O(n^2) per group), which stays below the call's own cost up to some
-- hundreds of flows per group. Aggregates over groups of thousands of flows, or arrays, should
-- use the array form: it builds the same state by subscripted assignment, which extends a
-- local array in place (O(n)), and calls the same final function.
-- All functions are SECURITY INVOKER and read no table.

CREATE FUNCTION auxeira.xirr_sfunc(state double precision[], amount numeric, flow_date date)
    RETURNS double precision[]
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    COST 50
AS $$
BEGIN
    -- State: [a1, d1, ..., ak, dk, Infinity, b1, e1, ...]: outflow pairs (amount, day since
    -- 2000-01-01) before the marker, inflow pairs after it. NULL until the first usable row.
    -- Amounts that cannot be solved in float8 ([NaN, 0] pair) make the result NULL.
    RETURN CASE
        WHEN amount > 1e-100 AND amount < 1e100 AND isfinite(flow_date)
            THEN coalesce(state, '{Infinity}'::double precision[])
                || ARRAY[amount::double precision, (flow_date - DATE '2000-01-01')::float8]
        WHEN amount < -1e-100 AND amount > -1e100 AND isfinite(flow_date)
            THEN ARRAY[amount::double precision, (flow_date - DATE '2000-01-01')::float8]
                || coalesce(state, '{Infinity}'::double precision[])
        WHEN amount IS NULL OR flow_date IS NULL OR (amount >= -1e-100 AND amount <= 1e-100)
            THEN state
        ELSE coalesce(state, '{Infinity}'::double precision[]) || '{NaN,0}'::double precision[]
    END;
END;
$$;

COMMENT ON FUNCTION auxeira.xirr_sfunc(double precision[], numeric, date) IS
    'Transition function of the auxeira.xirr aggregate: appends an (amount, day) pair to the '
    'state, outflows before an Infinity marker and inflows after it. Rows with a NULL amount '
    'or date and zero amounts are skipped; NaN, infinite or |amount| >= 1e100 amounts and '
    'infinite dates mark the state so that the result is NULL. Not for direct use.';

CREATE FUNCTION auxeira.xirr_combine(state1 double precision[], state2 double precision[])
    RETURNS double precision[]
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
AS $$
DECLARE
    k integer := array_position(state2, 'Infinity'::double precision);
BEGIN
    -- outflows of state2, then state1 with its marker, then the inflows of state2
    RETURN state2[1 : k - 1] || state1 || state2[k + 1 : cardinality(state2)];
END;
$$;

COMMENT ON FUNCTION auxeira.xirr_combine(double precision[], double precision[]) IS
    'Combine function of the auxeira.xirr aggregate (parallel aggregation): merges two '
    'partial states, keeping outflows before the Infinity marker and inflows after it.';

CREATE FUNCTION auxeira.xirr_eval(state double precision[], x double precision)
    RETURNS double precision[]
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
AS $$
DECLARE
    m integer := cardinality(state);
    qe integer := array_position(state, 'Infinity'::double precision) - 1;
    z double precision := x / 365;
    ref double precision := state[2];
    v double precision;
    mx double precision;
    s double precision;
    t double precision;
    lnn double precision;
    lnp double precision;
    dn double precision;
BEGIN
    -- log-sum-exp: every exponent is shifted by its maximum, so nothing overflows, and terms
    -- below exp(-700) of the largest one are counted as exp(-700) instead of underflowing.
    mx := '-Infinity';
    FOR j IN 1 .. qe BY 2 LOOP
        mx := greatest(mx, ln(-state[j]) + z * (ref - state[j + 1]));
    END LOOP;
    s := 0;
    t := 0;
    FOR j IN 1 .. qe BY 2 LOOP
        v := exp(greatest(ln(-state[j]) + z * (ref - state[j + 1]) - mx, -700));
        s := s + v;
        t := t + v * (state[j + 1] - ref);
    END LOOP;
    lnn := mx + ln(s);
    dn := ref + t / s;
    mx := '-Infinity';
    FOR j IN qe + 2 .. m BY 2 LOOP
        mx := greatest(mx, ln(state[j]) + z * (ref - state[j + 1]));
    END LOOP;
    s := 0;
    t := 0;
    FOR j IN qe + 2 .. m BY 2 LOOP
        v := exp(greatest(ln(state[j]) + z * (ref - state[j + 1]) - mx, -700));
        s := s + v;
        t := t + v * (state[j + 1] - ref);
    END LOOP;
    lnp := mx + ln(s);
    RETURN ARRAY[lnp - lnn, dn, ref + t / s, 1e-15 * (m + abs(lnp) + abs(lnn)), lnp, lnn];
END;
$$;

COMMENT ON FUNCTION auxeira.xirr_eval(double precision[], double precision) IS
    'Internal to auxeira.xirr: for an aggregate state and x = ln(1 + r), returns '
    '{g = ln PV(inflows) - ln PV(outflows), PV-weighted mean day of the outflows, of the '
    'inflows, bound on the rounding error of g, ln PV(inflows), ln PV(outflows)} (present '
    'values taken at the date of the first pair of the state), computed with log-sum-exp so '
    'that it cannot overflow for any x. The sign of g is the sign of XNPV(r).';

CREATE FUNCTION auxeira.xirr_general(state double precision[])
    RETURNS double precision
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m integer := cardinality(state);
    qe integer := array_position(state, 'Infinity'::double precision) - 1;
    grid double precision[] := ARRAY[
        0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50,
        75, 100, 150, 200, 300, 400, 500, 600, 709.7];
    distinct_dates boolean := false;
    lim double precision;
    best double precision;
    found double precision;
    rho double precision;
    xp double precision;
    xc double precision;
    xm double precision;
    ep double precision[];
    ec double precision[];
    em double precision[];
    stack double precision[];
    fr double precision[];
    xn double precision;
    xf double precision;
    en double precision[];
    ef double precision[];
    sn integer;
    sf integer;
    xlo double precision;
    xhi double precision;
    slo integer;
    budget integer := 4000;
    dx double precision;
    x double precision;
    ex double precision[];
BEGIN
    IF qe IS NULL OR qe < 2 OR m - qe < 3 THEN
        RETURN NULL;
    END IF;
    -- at least two distinct dates (outflow days at even indexes before the marker, inflow
    -- days at odd indexes after it)
    FOR j IN 2 .. qe BY 2 LOOP
        distinct_dates := distinct_dates OR state[j] <> state[2];
    END LOOP;
    FOR j IN qe + 3 .. m BY 2 LOOP
        distinct_dates := distinct_dates OR state[j] <> state[2];
    END LOOP;
    IF NOT distinct_dates THEN
        RETURN NULL;
    END IF;
    -- g = ln PV(inflows) - ln PV(outflows) is trusted only beyond its rounding error, e[4]:
    -- a root is a change between signs that are both beyond it.
    ep := auxeira.xirr_eval(state, 0);
    IF NOT (ep[1] > '-Infinity' AND ep[1] < 'Infinity') THEN
        RETURN NULL;   -- a NaN or infinite amount
    ELSIF abs(ep[1]) <= ep[4] THEN
        -- 0 % is a root, unless the NPV is zero whatever the rate (the flows net to nothing)
        ec := auxeira.xirr_eval(state, 1e-4);
        em := auxeira.xirr_eval(state, -1e-4);
        IF abs(ec[1]) > ec[4] OR abs(em[1]) > em[4] THEN
            RETURN 0;
        END IF;
        RETURN NULL;
    END IF;
    -- Search x = ln(1 + r) outwards from 0, first on the positive side, then on the negative
    -- side up to the distance of the root found: the first root met is the closest to 0.
    -- Between grid points, an interval on which g is proved monotone (the mean outflow date
    -- stays before, or after, the mean inflow date) holds at most one root, found by
    -- safeguarded Newton steps; other intervals are halved until proved or negligible.
    FOR side IN 0 .. 1 LOOP
        IF side = 0 THEN
            lim := 709.7;
        ELSE
            lim := least(37.4, coalesce(best, 37.4));
        END IF;
        ep := auxeira.xirr_eval(state, 0);
        xp := 0;
        found := NULL;
        FOR k IN 1 .. cardinality(grid) LOOP
            rho := least(grid[k], lim);
            xc := CASE side WHEN 0 THEN rho ELSE -rho END;
            ec := auxeira.xirr_eval(state, xc);
            budget := budget - 1;
            -- stack of intervals: near x, far x, evaluation at near, at far (6 values each)
            stack := ARRAY[xp, xc] || ep || ec;
            WHILE cardinality(stack) > 0 AND found IS NULL AND budget > 0 LOOP
                fr := stack[cardinality(stack) - 13 : cardinality(stack)];
                stack := stack[1 : cardinality(stack) - 14];
                xn := fr[1];
                xf := fr[2];
                en := fr[3 : 8];
                ef := fr[9 : 14];
                sn := CASE WHEN en[1] > en[4] THEN 1 WHEN en[1] < -en[4] THEN -1 ELSE 0 END;
                sf := CASE WHEN ef[1] > ef[4] THEN 1 WHEN ef[1] < -ef[4] THEN -1 ELSE 0 END;
                IF (CASE WHEN xn < xf THEN en[2] < ef[3] OR ef[2] > en[3]
                         ELSE ef[2] < en[3] OR en[2] > ef[3] END) THEN
                    -- monotone on the interval: one root if the signs differ, else none
                    IF sn * sf = -1 THEN
                        xlo := least(xn, xf);
                        xhi := greatest(xn, xf);
                        slo := CASE WHEN xn < xf THEN sn ELSE sf END;
                        x := xn - en[1] * (xf - xn) / (ef[1] - en[1]);
                        FOR it IN 1 .. 200 LOOP
                            ex := auxeira.xirr_eval(state, x);
                            budget := budget - 1;
                            EXIT WHEN abs(ex[1]) <= ex[4];
                            IF (ex[1] > 0) = (slo > 0) THEN
                                xlo := x;
                            ELSE
                                xhi := x;
                            END IF;
                            IF ex[2] <> ex[3] THEN
                                dx := -365 * ex[1] / (ex[2] - ex[3]);
                            ELSE
                                dx := 'NaN';
                            END IF;
                            IF NOT (x + dx > xlo AND x + dx < xhi) THEN
                                dx := (xlo + xhi) / 2 - x;
                            END IF;
                            x := x + dx;
                            EXIT WHEN abs(dx) <= 1e-13 * greatest(1, abs(x))
                                OR xhi - xlo <= 1e-13 * greatest(1, abs(x));
                        END LOOP;
                        found := x;
                    END IF;
                ELSIF sn * sf = 1 AND (
                        -- no root: ln PV(inflows) and ln PV(outflows) are convex in x, so g
                        -- is below chord(ln P) - tangent(ln N) and above tangent(ln P) -
                        -- chord(ln N); either linear bound keeps the sign of both ends
                        (sn < 0 AND (
                            ef[5] - en[6] - (state[2] - en[2]) * (xf - xn) / 365 < 0
                            OR en[5] - ef[6] - (state[2] - ef[2]) * (xn - xf) / 365 < 0))
                        OR (sn > 0 AND (
                            en[5] + (state[2] - en[3]) * (xf - xn) / 365 - ef[6] > 0
                            OR ef[5] + (state[2] - ef[3]) * (xn - xf) / 365 - en[6] > 0))) THEN
                    NULL;
                ELSIF abs(xf - xn) <= 1e-12 * greatest(1, abs(xn)) THEN
                    IF sn * sf = -1 THEN
                        found := (xn + xf) / 2;
                    END IF;
                ELSE
                    xm := (xn + xf) / 2;
                    em := auxeira.xirr_eval(state, xm);
                    budget := budget - 1;
                    -- the far half below the near half: the near half is searched first
                    stack := stack || ARRAY[xm, xf] || em || ef || ARRAY[xn, xm] || en || em;
                END IF;
            END LOOP;
            EXIT WHEN found IS NOT NULL OR rho >= lim OR budget <= 0;
            xp := xc;
            ep := ec;
        END LOOP;
        IF found IS NOT NULL AND (best IS NULL OR abs(found) < best) THEN
            best := abs(found);
            x := found;
        END IF;
    END LOOP;
    IF best IS NULL THEN
        RETURN NULL;
    ELSIF abs(x) < 1e-5 THEN
        RETURN x * (1 + x * (0.5 + x / 6));   -- exp(x) - 1 without cancellation
    END IF;
    RETURN exp(x) - 1;
END;
$$;

COMMENT ON FUNCTION auxeira.xirr_general(double precision[]) IS
    'Internal to auxeira.xirr: the slow, general solver used when the fast path cannot prove '
    'its answer (interleaved flows with several possible roots, a root beyond the fast '
    'search range, flows summing to zero). Returns the root of XNPV closest to 0 in '
    'ln(1 + r) (the positive one on a tie), NULL when there is none with '
    '-37.4 < ln(1 + r) < 709.7. A root where XNPV touches 0 without changing sign is found '
    'only at 0 %; roots closer together than about 1e-12 in ln(1 + r) count as one; it gives '
    'up (NULL) after 4,000 evaluations, which only contrived flows need.';

CREATE FUNCTION auxeira.xirr_final(state double precision[])
    RETURNS double precision
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    COST 500
AS $$
DECLARE
    m integer := cardinality(state);
    qe integer := array_position(state, 'Infinity'::double precision) - 1;
    a double precision;
    d double precision;
    e double precision;
    c double precision;
    sn double precision := 0;
    tn double precision := 0;
    vn double precision := 0;
    sp double precision := 0;
    tp double precision := 0;
    vp double precision := 0;
    nlo double precision;
    nhi double precision;
    plo double precision;
    phi double precision;
    span double precision;
    lnp0 double precision;
    lnn0 double precision;
    dn0 double precision;
    dp0 double precision;
    g0 double precision;
    gp0 double precision;
    g2 double precision;
    eta double precision;
    g double precision;
    gp double precision;
    z double precision;
    dz double precision;
    dzl double precision;
    zl double precision;
    zu double precision;
    zpos double precision;
    zneg double precision;
    zprev double precision;
    gpprev double precision;
BEGIN
    IF qe IS NULL OR qe < 2 OR m - qe < 3 THEN
        RETURN NULL;   -- no outflow or no inflow
    END IF;
    -- Sums at rate 0: amount, amount * day and amount * day^2 for each sign (days since
    -- 2000-01-01), and the date ranges.
    nlo := state[2];
    nhi := nlo;
    FOR j IN 1 .. qe BY 2 LOOP
        a := state[j];
        d := state[j + 1];
        sn := sn + a;
        tn := tn + a * d;
        vn := vn + a * d * d;
        IF d < nlo THEN
            nlo := d;
        ELSIF d > nhi THEN
            nhi := d;
        END IF;
    END LOOP;
    plo := state[qe + 3];
    phi := plo;
    FOR j IN qe + 2 .. m BY 2 LOOP
        a := state[j];
        d := state[j + 1];
        sp := sp + a;
        tp := tp + a * d;
        vp := vp + a * d * d;
        IF d < plo THEN
            plo := d;
        ELSIF d > phi THEN
            phi := d;
        END IF;
    END LOOP;
    IF NOT sp < 'Infinity' THEN
        RETURN NULL;   -- a NaN or infinite amount
    END IF;
    span := greatest(nhi, phi) - least(nlo, plo);
    IF span = 0 THEN
        RETURN NULL;   -- a single date: the NPV does not depend on the rate
    END IF;
    lnp0 := ln(sp);
    lnn0 := ln(-sn);
    g0 := ln(sp / -sn);
    IF abs(g0) <= 1e-15 * (m + abs(lnp0) + abs(lnn0)) THEN
        -- the flows sum to zero (within rounding): 0 % is the root closest to 0, unless
        -- the NPV is zero at every rate
        RETURN auxeira.xirr_general(state);
    END IF;
    -- g'(0) = mean outflow date - mean inflow date, g''(0) = variance gap
    dn0 := tn / sn;
    dp0 := tp / sp;
    gp0 := dn0 - dp0;
    IF gp0 = 0 THEN
        RETURN auxeira.xirr_general(state);
    END IF;
    g2 := (vp / sp - dp0 * dp0) - (vn / sn - dn0 * dn0);
    z := -g0 / gp0;
    IF abs(g2 * z / gp0) < 1 THEN
        z := -2 * g0 / (gp0 + sign(gp0) * sqrt(greatest(gp0 * gp0 - 2 * g2 * g0, 0)));
    END IF;
    g2 := g2 / (2 * gp0 * gp0 * gp0);
    -- exponents are centred on the middle of the date range
    c := (least(nlo, plo) + span / 2);
    zu := least(600 / span, 709.7 / 365);
    zl := greatest(-600 / span, -37.4 / 365);
    IF g0 > 0 THEN
        zpos := 0;
    ELSE
        zneg := 0;
    END IF;
    IF NOT z > zl THEN
        z := zl;
    ELSIF NOT z < zu THEN
        z := zu;
    END IF;
    -- bound on the rounding error of g: exponents stay within +-300 of those at rate 0
    eta := 1e-15 * (m + abs(lnp0) + abs(lnn0) + 600);
    zprev := 0;
    gpprev := gp0;
    FOR it IN 1 .. 60 LOOP
        sn := 0;
        tn := 0;
        FOR j IN 1 .. qe BY 2 LOOP
            e := state[j] * exp(z * (c - state[j + 1]));
            sn := sn + e;
            tn := tn + e * state[j + 1];
        END LOOP;
        sp := 0;
        tp := 0;
        FOR j IN qe + 2 .. m BY 2 LOOP
            e := state[j] * exp(z * (c - state[j + 1]));
            sp := sp + e;
            tp := tp + e * state[j + 1];
        END LOOP;
        g := ln(sp) - ln(-sn);
        gp := tn / sn - tp / sp;
        dz := coalesce(-g / nullif(gp, 0), 'NaN');
        IF abs(g) <= eta THEN
            -- g is 0 within rounding: a root if it is bracketed or if the Newton step is
            -- negligible; else g only tends to 0 (as when the first-date flows cancel out)
            -- and the general solver decides
            IF (zpos IS NOT NULL AND zneg IS NOT NULL) OR abs(dz) < 1e-9 / 365 THEN
                dzl := CASE WHEN abs(dz) < 1e-9 / 365 THEN dz ELSE 0 END;
                z := z + dzl;
                dz := 0;
            END IF;
            EXIT;
        ELSIF g > 0 THEN
            zpos := z;
        ELSE
            zneg := z;
        END IF;
        -- accept the Newton step when its predicted error (g'' estimated from the change of
        -- g' since the previous point, times 8) is below max(1e-11, 1e-10 |ln(1 + r)|)
        IF abs(dz) < 1e-3 / 365 AND 1460 * abs(gp - gpprev) * dz * dz
                < greatest(1e-11, 3.65e-8 * abs(z)) * abs((z - zprev) * gp) THEN
            dzl := dz;
            z := z + dz;
            dz := 0;
            EXIT;
        END IF;
        IF it = 1 AND gp <> 0 AND (gp > 0) = (gp0 > 0) AND abs(g0) <= 4 * abs(g - g0)
                AND abs(gp0) > 1e-9 * span THEN
            -- z as a function of g, through (g0, 0) with the slope and curvature given by the
            -- sums at rate 0 and through (g, z) with slope 1/g': inverse quartic Hermite
            -- interpolation, valued at g = 0
            e := g - g0;                                            -- h
            a := z - e / gp0 + g2 * e * e;                          -- r1
            d := (1 / gp - 1 / gp0 + 2 * g2 * e) * e;               -- r2 * h
            e := -g0 / e;                                           -- t
            dz := -g0 / gp0 - g2 * g0 * g0 + e * e * e * (4 * a - d + (d - 3 * a) * e) - z;
        END IF;
        IF zpos IS NOT NULL AND zneg IS NOT NULL THEN
            IF NOT (z + dz > least(zpos, zneg) AND z + dz < greatest(zpos, zneg)) THEN
                dz := (zpos + zneg) / 2 - z;
            END IF;
        ELSIF NOT z + dz > zl THEN
            EXIT WHEN z = zl;
            dz := zl - z;
        ELSIF NOT z + dz < zu THEN
            EXIT WHEN z = zu;
            dz := zu - z;
        END IF;
        zprev := z;
        gpprev := gp;
        z := z + dz;
    END LOOP;
    IF NOT dz = 0 THEN
        -- no root in the fast range: with all outflows before all inflows g is monotone, so
        -- a search stopped at the representable limit means there is no representable rate
        IF nhi <= plo AND (z = 709.7 / 365 OR z = -37.4 / 365) THEN
            RETURN NULL;
        END IF;
        RETURN auxeira.xirr_general(state);
    END IF;
    IF nhi > plo AND phi > nlo THEN
        -- Interleaved flows: prove that g keeps the sign of g(0) between 0 and the root and
        -- on [0, -z], so that no root is closer to 0. On a segment, ln P and ln N are convex:
        -- g lies below (chord of ln P) - (tangent of ln N) and above (tangent of ln P) -
        -- (chord of ln N). These linear bounds are checked at the ends, with the values at 0
        -- and at the last evaluation point zprev (next to the root); on [0, -z] ln P (or ln N)
        -- at -z is first bounded with the extreme dates, then, if needed, evaluated.
        zprev := z - dzl;
        a := ln(sp);               -- ln P(zprev), centred on c
        d := ln(-sn);              -- ln N(zprev)
        zl := tn / sn;             -- mean outflow date at zprev
        zu := tp / sp;             -- mean inflow date at zprev
        IF NOT ((g0 < 0 AND (lnp0 - d + (c - zl) * zprev < 0
                             OR a - lnn0 - (c - dn0) * zprev < 1e-12))
                OR (g0 > 0 AND (a - (c - zu) * zprev - lnn0 > 0
                                OR lnp0 + (c - dp0) * zprev - d > -1e-12))) THEN
            RETURN auxeira.xirr_general(state);
        END IF;
        IF NOT ((g0 < 0 AND g0 - z * (dn0 - (CASE WHEN z < 0 THEN plo ELSE phi END)) < 0)
                OR (g0 > 0 AND g0 - z * ((CASE WHEN z < 0 THEN nlo ELSE nhi END) - dp0) > 0)) THEN
            IF NOT abs(z) * span < 600 THEN
                RETURN auxeira.xirr_general(state);
            END IF;
            sn := 0;
            tn := 0;
            FOR j IN 1 .. qe BY 2 LOOP
                e := state[j] * exp(-z * (c - state[j + 1]));
                sn := sn + e;
                tn := tn + e * state[j + 1];
            END LOOP;
            sp := 0;
            tp := 0;
            FOR j IN qe + 2 .. m BY 2 LOOP
                e := state[j] * exp(-z * (c - state[j + 1]));
                sp := sp + e;
                tp := tp + e * state[j + 1];
            END LOOP;
            a := ln(sp);
            d := ln(-sn);
            zl := tn / sn;
            zu := tp / sp;
            IF NOT ((g0 < 0 AND a < d AND (a - lnn0 + (c - dn0) * z < 0
                                           OR lnp0 - d - (c - zl) * z < 0))
                    OR (g0 > 0 AND a > d AND (lnp0 - (c - dp0) * z - d > 0
                                              OR a + (c - zu) * z - lnn0 > 0))) THEN
                RETURN auxeira.xirr_general(state);
            END IF;
        END IF;
    END IF;
    z := 365 * z;
    IF abs(z) < 1e-5 THEN
        RETURN z * (1 + z * (0.5 + z / 6));   -- exp(z) - 1 without cancellation
    END IF;
    RETURN exp(z) - 1;
END;
$$;

COMMENT ON FUNCTION auxeira.xirr_final(double precision[]) IS
    'Final function of the auxeira.xirr aggregate and the solver shared by both forms of '
    'auxeira.xirr: Newton steps on ln PV(inflows) - ln PV(outflows) in ln(1 + r), with a '
    'bracket, from a second-order first guess; falls back to auxeira.xirr_general when it '
    'cannot prove its root is the one closest to 0. Not for direct use.';

CREATE AGGREGATE auxeira.xirr(amount numeric, flow_date date) (
    SFUNC = auxeira.xirr_sfunc,
    STYPE = double precision[],
    FINALFUNC = auxeira.xirr_final,
    COMBINEFUNC = auxeira.xirr_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE auxeira.xirr(numeric, date) IS
    'XIRR of the dated flows of a group (outflows negative, inflows positive), as a fraction '
    'per year: the rate r > -1 at which sum(amount / (1 + r) ^ ((flow_date - first date) / 365)) '
    '= 0 (Actual/365, as Excel XIRR and pyxirr). Any row order, several flows per date; rows '
    'with a NULL amount or date and zero amounts are ignored. NULL when no rate exists: no '
    'outflow or no inflow, fewer than two distinct dates, flows netting to nothing, or a rate '
    'double precision cannot hold (ln(1 + r) outside (-37.4, 709.7): it would round to -1 or '
    'overflow); NULL as well for NaN, infinite '
    'or >= 1e100 amounts and infinite dates. Where several rates solve it, the one closest to '
    '0 in ln(1 + r) (the positive one on a tie); unique when all outflows precede all inflows. '
    'Usable with GROUP BY, as a window function (OVER (PARTITION BY ...)) and in parallel plans.';

CREATE FUNCTION auxeira.xirr(amounts numeric[], dates date[])
    RETURNS double precision
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := cardinality(amounts);
    outflows double precision[] := '{}';
    inflows double precision[] := '{Infinity}';
    ko integer := 0;
    ki integer := 1;
    a numeric;
    d date;
BEGIN
    -- The state the aggregate would build from the same rows (see xirr_sfunc), filled by
    -- subscripted assignment, which extends the local arrays in place: outflows in reverse
    -- order (the aggregate prepends them), inflows in order after the Infinity marker.
    IF n <> cardinality(dates) THEN
        RETURN NULL;
    END IF;
    FOR i IN REVERSE n .. 1 LOOP
        a := amounts[i];
        IF a < -1e-100 THEN
            d := dates[i];
            IF a > -1e100 AND isfinite(d) THEN
                ko := ko + 2;
                outflows[ko - 1] := a;
                outflows[ko] := d - DATE '2000-01-01';
            ELSIF d IS NOT NULL THEN
                ki := ki + 2;   -- cannot be solved in float8: the result is NULL
                inflows[ki - 1] := 'NaN';
                inflows[ki] := 0;
            END IF;
        END IF;
    END LOOP;
    FOR i IN 1 .. n LOOP
        a := amounts[i];
        IF NOT a < -1e-100 THEN
            d := dates[i];
            IF d IS NULL OR a <= 1e-100 THEN
                CONTINUE;   -- a missing date, or a zero amount: ignored
            ELSIF a < 1e100 AND isfinite(d) THEN
                ki := ki + 2;
                inflows[ki - 1] := a;
                inflows[ki] := d - DATE '2000-01-01';
            ELSE
                ki := ki + 2;
                inflows[ki - 1] := 'NaN';
                inflows[ki] := 0;
            END IF;
        END IF;
    END LOOP;
    IF ko = 0 AND ki = 1 THEN
        RETURN NULL;
    END IF;
    RETURN auxeira.xirr_final(outflows || inflows);
END;
$$;

COMMENT ON FUNCTION auxeira.xirr(numeric[], date[]) IS
    'XIRR of amounts[i] paid or received on dates[i] (outflows negative), as a fraction per '
    'year, Actual/365: the same solver and rules as the auxeira.xirr aggregate (elements with '
    'a NULL amount or date ignored; NULL when no rate exists; the root closest to 0 in '
    'ln(1 + r) when several exist). NULL when the arrays differ in length.';

CREATE FUNCTION auxeira.xnpv(rate double precision, amounts numeric[], dates date[])
    RETURNS double precision
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := cardinality(amounts);
    i integer;
    d0 date;
    lr double precision;
    v double precision;
    mx double precision := '-Infinity';
    s double precision := 0;
BEGIN
    IF n <> cardinality(dates) OR NOT (rate > -1 AND rate < 'Infinity') THEN
        RETURN NULL;
    END IF;
    FOR i IN 1 .. n LOOP
        IF amounts[i] IS NOT NULL AND dates[i] IS NOT NULL THEN
            IF NOT (isfinite(dates[i]) AND abs(amounts[i]) < 1e300) THEN
                RETURN NULL;
            END IF;
            IF d0 IS NULL OR dates[i] < d0 THEN
                d0 := dates[i];
            END IF;
        END IF;
    END LOOP;
    IF d0 IS NULL THEN
        RETURN NULL;
    END IF;
    -- amount * (1 + rate)^(-t) = sign * exp(ln|amount| - t ln(1 + rate)), shifted by the
    -- largest exponent so that nothing overflows before the final product
    lr := ln(1 + rate);
    FOR i IN 1 .. n LOOP
        IF abs(amounts[i]) >= 1e-300 AND dates[i] IS NOT NULL THEN
            v := ln(abs(amounts[i]::double precision)) - lr * ((dates[i] - d0) / 365.0::float8);
            mx := greatest(mx, v);
        END IF;
    END LOOP;
    IF mx = '-Infinity' THEN
        RETURN 0;
    END IF;
    FOR i IN 1 .. n LOOP
        IF abs(amounts[i]) >= 1e-300 AND dates[i] IS NOT NULL THEN
            v := ln(abs(amounts[i]::double precision)) - lr * ((dates[i] - d0) / 365.0::float8);
            v := v - mx;
            s := s + sign(amounts[i])::double precision * exp(greatest(v, -700));
        END IF;
    END LOOP;
    IF s = 0 THEN
        RETURN 0;
    ELSIF mx + ln(abs(s)) >= 709.7 THEN
        RETURN sign(s) * 'Infinity'::double precision;
    ELSIF mx + ln(abs(s)) <= -700 THEN
        RETURN 0;
    END IF;
    RETURN s * exp(mx);
END;
$$;

COMMENT ON FUNCTION auxeira.xnpv(double precision, numeric[], date[]) IS
    'Net present value at an annual rate of amounts[i] on dates[i], Actual/365 from the '
    'earliest date: sum(amount / (1 + rate) ^ ((date - first date) / 365)), as Excel XNPV '
    'and pyxirr.xnpv. Elements with a NULL amount or date are ignored. NULL when rate <= -1 '
    'or is NaN or infinite, when the arrays differ in length, when no element is usable, and '
    'for infinite dates or amounts of magnitude 1e300 or more; +/-Infinity when the value '
    'exceeds double precision.';
