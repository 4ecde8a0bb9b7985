-- PostgreSQL adds one trigram index over name and address for the Users page's search. SQLite's
-- search already has one table for both (users_search, FTS5).
SELECT 1;
