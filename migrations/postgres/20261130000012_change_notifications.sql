-- Every instance keeps the answers most requests ask for in memory (src/server/db/cache.rs) and
-- drops them when a table they are read from changes. A change through any instance, or through the
-- operator commands, notifies every instance at its commit: PostgreSQL folds the identical
-- notifications of one transaction into one.
CREATE FUNCTION switchboard_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('switchboard_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
CREATE TRIGGER agencies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
CREATE TRIGGER staff_members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_members
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
CREATE TRIGGER staff_assignments_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON staff_assignments
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
CREATE TRIGGER client_accounts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_accounts
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
-- A session begun or ended. Its use (`last_seen_at`) is left out: each instance times sessions out
-- from the times it reads, and a use changes nothing else.
CREATE TRIGGER sessions_changed AFTER INSERT OR DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed();
