-- Nothing to create on SQLite: one instance serves a SQLite file, and its own writes tell its
-- read cache (src/server/db/cache.rs) as they commit. This file keeps both backends' migrations in step.
SELECT 1;
