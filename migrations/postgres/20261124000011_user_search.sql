-- Finding a person by any part of their name or address without reading every user: trigram
-- indexes (pg_trgm, a trusted extension) that "LIKE '%text%'" on these expressions uses.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_trigrams ON users USING gin (LOWER(first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX users_email_trigrams ON users USING gin (email_normalized gin_trgm_ops);

-- The Users page lists people by name: with this index the first page reads its fifty rows in
-- order instead of sorting every user.
CREATE INDEX users_by_name ON users (last_name, first_name, id);
