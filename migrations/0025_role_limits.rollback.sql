-- Undo 0025_role_limits: nothing to undo in this database. The limits are settings of
-- cluster-wide roles, which other databases of the server may rely on (the same reason a
-- rollback never drops the roles); remove them by hand if wanted:
-- ALTER ROLE auxeira_app RESET statement_timeout; ALTER ROLE auxeira_app CONNECTION LIMIT -1.
DO $$ BEGIN NULL; END $$;
