-- The Users page's search in one trigram index over name and address: one index scan instead of
-- two OR-ed together (1.5 ms instead of 3.3 ms at 100,000 users). The newline keeps a match from
-- running from the name into the address, as SQLite's search matches within one column.
-- fastupdate off: GIN otherwise queues new entries in a list that every search reads through until
-- a vacuum comes; people are added rarely and searched often.
CREATE INDEX users_text_trigrams ON users
    USING gin ((LOWER(first_name || ' ' || last_name) || E'\n' || email_normalized) gin_trgm_ops)
    WITH (fastupdate = off);
ALTER INDEX users_name_trigrams SET (fastupdate = off);
ALTER INDEX users_email_trigrams SET (fastupdate = off);
