-- ESG education dashboard: triggers, row-level security and grants for the tables of
-- sql/schema/220_esg_education.sql and the objects of sql/views/esg.sql.
--
-- The triggers live here because sql/ loads sql/schema before sql/functions. esg_metrics (a
-- per-company table with no ESG user) gets no notification trigger: the ESG education
-- dashboard does not read it.

CREATE TRIGGER update_education_programmes_updated_at
    BEFORE UPDATE ON auxeira.education_programmes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_programmes_updated_at ON auxeira.education_programmes IS
    'Stamps education_programmes.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_education_student_outcomes_updated_at
    BEFORE UPDATE ON auxeira.education_student_outcomes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_student_outcomes_updated_at
    ON auxeira.education_student_outcomes IS
    'Stamps education_student_outcomes.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_education_teacher_training_updated_at
    BEFORE UPDATE ON auxeira.education_teacher_training
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_education_teacher_training_updated_at
    ON auxeira.education_teacher_training IS
    'Stamps education_teacher_training.updated_at with now() on every UPDATE.';

-- Change notifications on channel auxeira_esg (payload: user, table, id, operation).
CREATE TRIGGER education_programmes_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_programmes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_programmes_notify_esg ON auxeira.education_programmes IS
    'NOTIFY auxeira_esg when a programme is logged, changed or removed; user_id = its owner.';

CREATE TRIGGER education_student_outcomes_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_student_outcomes
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_student_outcomes_notify_esg ON auxeira.education_student_outcomes IS
    'NOTIFY auxeira_esg when student outcomes change (students, impact).';

CREATE TRIGGER education_teacher_training_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_teacher_training
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_teacher_training_notify_esg ON auxeira.education_teacher_training IS
    'NOTIFY auxeira_esg when teacher training changes (teachers, impact).';

CREATE TRIGGER education_unesco_compliance_notify_esg
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.education_unesco_compliance
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('esg', 'user_id');
COMMENT ON TRIGGER education_unesco_compliance_notify_esg
    ON auxeira.education_unesco_compliance IS
    'NOTIFY auxeira_esg when a compliance assessment is recorded (compliance, impact).';


-- Row-level security: the uniform owner and read-only policies, then the ESG user's: every
-- table carries the programme owner in user_id.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'education_programmes', 'education_student_outcomes', 'education_teacher_training',
        'education_unesco_compliance'
    ] LOOP
        PERFORM auxeira.apply_uniform_policies(t);
        -- One policy per command, each naming the programme owner.
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_app '
            'USING (user_id = auxeira.current_user_id())',
            t || '_esg_owner_select', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR INSERT TO auxeira_app '
            'WITH CHECK (user_id = auxeira.current_user_id())',
            t || '_esg_owner_insert', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR UPDATE TO auxeira_app '
            'USING (user_id = auxeira.current_user_id()) '
            'WITH CHECK (user_id = auxeira.current_user_id())',
            t || '_esg_owner_update', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR DELETE TO auxeira_app '
            'USING (user_id = auxeira.current_user_id())',
            t || '_esg_owner_delete', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_select', t,
            'The ESG user who owns the programme reads its rows (user_id is the programme owner).');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_insert', t,
            'The ESG user records rows of its own programmes only (the composite foreign key '
            'keeps child rows consistent with the programme owner).');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_update', t,
            'The ESG user edits rows of its own programmes only.');
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L', t || '_esg_owner_delete', t,
            'The ESG user deletes rows of its own programmes only.');
    END LOOP;
END
$$;


-- Privileges. Compliance assessments are never updated (a new assessment is a new row).
GRANT SELECT, INSERT, UPDATE, DELETE ON
    auxeira.education_programmes,
    auxeira.education_student_outcomes,
    auxeira.education_teacher_training
    TO auxeira_app;
GRANT SELECT, INSERT, DELETE ON auxeira.education_unesco_compliance TO auxeira_app;
REVOKE UPDATE, TRUNCATE ON auxeira.education_unesco_compliance FROM auxeira_app;
GRANT SELECT ON
    auxeira.education_programmes,
    auxeira.education_student_outcomes,
    auxeira.education_teacher_training,
    auxeira.education_unesco_compliance
    TO auxeira_readonly;

-- The materialized view: DBAs read it; the application role only through the functions.
GRANT SELECT ON auxeira_mv.esg_programme_impact TO auxeira_readonly;

GRANT SELECT ON
    auxeira_dash.esg_education_students,
    auxeira_dash.esg_education_teachers,
    auxeira_dash.esg_education_compliance
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact(),
    auxeira_dash.esg_education_impact_overall(),
    auxeira_dash.esg_education_record_programme(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact(),
    auxeira_dash.esg_education_impact_overall()
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_record_programme(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text, text)
    TO auxeira_app;

-- The one-statement endpoints of sql/api/ (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact_report()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_impact_report()
    TO auxeira_app, auxeira_readonly;

-- Deprecated names (0017, removed in the next release): the same grants as the functions they
-- call (esg_education_record_programme).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_log_program(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_log_program(
        text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
        text, text)
    TO auxeira_app;

-- The keyset-paged lists of sql/api/esg.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_students_page(integer, date, uuid),
    auxeira_dash.esg_education_teachers_page(integer, date, uuid),
    auxeira_dash.esg_education_compliance_page(integer, text, uuid, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_students_page(integer, date, uuid),
    auxeira_dash.esg_education_teachers_page(integer, date, uuid),
    auxeira_dash.esg_education_compliance_page(integer, text, uuid, text)
    TO auxeira_app, auxeira_readonly;
