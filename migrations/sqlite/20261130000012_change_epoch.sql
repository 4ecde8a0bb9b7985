-- PostgreSQL counts committed changes in a table, for the answers each instance keeps in memory.
-- SQLite needs none: one instance makes every change and counts them itself (src/server/db/cache.rs).
SELECT 1;
