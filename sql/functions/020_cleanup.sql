-- Expiry of synthetic data.
--
-- The specification's version deleted companies before the investments, metrics
-- and partnerships that reference them, and so failed on foreign keys as soon as
-- data existed. This one finds the tables itself (every auxeira table with
-- is_synthetic and expires_at), deletes children before parents, and deletes an
-- expired synthetic row only when no row references it any more. A synthetic row
-- that a real row (or a synthetic row that has not expired yet) still references
-- is kept and counted as retained: real rows are never deleted or orphaned.

CREATE FUNCTION auxeira.cleanup_expired_synthetic_data()
    RETURNS TABLE (table_name text, deleted bigint, retained bigint)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target record;
    guard text;
    n_deleted bigint;
    n_retained bigint;
    total_deleted bigint := 0;
    total_retained bigint := 0;
BEGIN
    FOR target IN
        WITH RECURSIVE synthetic AS (
            SELECT c.oid, c.relname
            FROM pg_class AS c
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'auxeira'
              AND c.relkind IN ('r', 'p')
              AND NOT c.relispartition
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'is_synthetic'
                            AND NOT a.attisdropped)
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'expires_at'
                            AND NOT a.attisdropped)
        ),
        edges AS (
            SELECT DISTINCT con.conrelid AS child, con.confrelid AS parent
            FROM pg_constraint AS con
            WHERE con.contype = 'f' AND con.conrelid <> con.confrelid
        ),
        -- height: the longest chain of referencing tables below a table; 0 for leaves
        heights (oid, height) AS (
            SELECT s.oid, 0 FROM synthetic AS s
            UNION ALL
            SELECT e.parent, h.height + 1
            FROM heights AS h
            JOIN edges AS e ON e.child = h.oid
            WHERE h.height < 64
        )
        SELECT s.oid, s.relname, max(h.height) AS height
        FROM synthetic AS s
        JOIN heights AS h ON h.oid = s.oid
        GROUP BY s.oid, s.relname
        ORDER BY height, s.relname
    LOOP
        -- One NOT EXISTS per foreign key that points at this table, from any table.
        SELECT string_agg(
                   format(' AND NOT EXISTS (SELECT FROM %s AS r WHERE %s)',
                          con.conrelid::regclass,
                          (SELECT string_agg(format('r.%I = t.%I', ca.attname, pa.attname), ' AND ')
                           FROM unnest(con.conkey, con.confkey) AS k(child_col, parent_col)
                           JOIN pg_attribute AS ca
                             ON ca.attrelid = con.conrelid AND ca.attnum = k.child_col
                           JOIN pg_attribute AS pa
                             ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_col)),
                   '' ORDER BY con.conname)
        INTO guard
        FROM pg_constraint AS con
        -- a reference that cascades holds derived rows (the kept figures of 0016), which go
        -- with their parent instead of keeping it
        WHERE con.contype = 'f' AND con.confrelid = target.oid AND con.confdeltype <> 'c';

        EXECUTE format(
            'DELETE FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()%s',
            target.relname, coalesce(guard, ''));
        GET DIAGNOSTICS n_deleted = ROW_COUNT;

        EXECUTE format(
            'SELECT count(*) FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()',
            target.relname)
        INTO n_retained;

        table_name := target.relname;
        deleted := n_deleted;
        retained := n_retained;
        total_deleted := total_deleted + n_deleted;
        total_retained := total_retained + n_retained;
        RETURN NEXT;
    END LOOP;

    table_name := 'total';
    deleted := total_deleted;
    retained := total_retained;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION auxeira.cleanup_expired_synthetic_data() IS
    'Deletes synthetic rows (is_synthetic) whose expires_at has passed, from every auxeira '
    'table that has both columns, children before parents. A row still referenced by any '
    'other row (a real row, or a synthetic row that has not expired) is kept and reported as '
    'retained; it goes in a later run once nothing references it. Returns one row per table '
    '(deleted, retained) and a last row named total. Real rows are never touched. '
    'SECURITY DEFINER as auxeira_owner; EXECUTE is granted to no application role.';
