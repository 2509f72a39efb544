-- 0026_paged_lists, undone: the old angel_network_report (every pending request), no page
-- functions, no keyset indexes.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid);
CREATE FUNCTION auxeira_dash.angel_network_report(
    page_size integer DEFAULT 50,
    after_connected_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        connections json,
        requests json,
        counts json,
        next_connected_at timestamptz,
        next_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
BEGIN
    PERFORM auxeira.check_page(angel_network_report.page_size,
                               angel_network_report.after_connected_at IS NOT NULL,
                               angel_network_report.after_id IS NOT NULL);
    RETURN QUERY
        WITH mine AS (
            -- the two sides of a connection, each read in order from its partial index
            -- (connections_*_accepted_idx), then merged: a page costs two short index scans
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.requester_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
            UNION ALL
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.addressee_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
        ),
        page AS (
            SELECT n.*
            FROM (SELECT m.id FROM mine AS m
                  ORDER BY m.responded_at DESC, m.id DESC
                  LIMIT angel_network_report.page_size) AS ids
            JOIN auxeira_dash.angel_network AS n ON n.connection_id = ids.id
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.connected_at, p.connection_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_network_report.page_size
            ORDER BY p.connected_at, p.connection_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.connected_at DESC, p.connection_id DESC),
                                '[]')
                FROM page AS p),
               (SELECT coalesce(json_agg(r ORDER BY r.requested_at DESC, r.connection_id), '[]')
                FROM auxeira_dash.angel_network_requests AS r),
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n),
               (SELECT l.connected_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network in one statement: one page of the current user''s '
    'accepted connections (angel_network, newest first: connected_at DESC, connection_id '
    'DESC; page_size 1-500, after the cursor after_connected_at, after_id = the last row of '
    'the previous page, both or neither: auxeira.check_page), the pending requests addressed '
    'to them (angel_network_requests), the counts per connection type (angel_network_summary, '
    'all connections) and the cursor of the next page (NULL after the last). Keyset-paged '
    'since 0017 (was every connection).';
REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;

DROP FUNCTION auxeira_dash.angel_connection_requests(integer, timestamptz, uuid);
DROP FUNCTION auxeira_dash.startup_overview_page(integer, text, uuid);
DROP FUNCTION auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid);
DROP FUNCTION auxeira_dash.esg_education_students_page(integer, date, uuid);
DROP FUNCTION auxeira_dash.esg_education_teachers_page(integer, date, uuid);
DROP FUNCTION auxeira_dash.esg_education_compliance_page(integer, text, uuid, text);
DROP FUNCTION auxeira_dash.government_policies_page(integer, text, uuid, uuid);
DROP FUNCTION auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text);
DROP FUNCTION auxeira_dash.corporate_partnerships_page(integer, date, uuid);

DROP INDEX auxeira.companies_user_id_name_id_idx;
DROP INDEX auxeira.education_student_outcomes_user_id_reported_on_id_idx;
DROP INDEX auxeira.education_teacher_training_user_id_training_date_id_idx;
DROP INDEX auxeira.government_policies_owner_id_name_id_idx;
DROP INDEX auxeira.connections_requester_requested_idx;
DROP INDEX auxeira.connections_addressee_requested_idx;
