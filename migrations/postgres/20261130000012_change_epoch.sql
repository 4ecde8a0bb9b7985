-- The number of changes committed so far, by any instance: each write transaction moves it on just
-- before it commits, and each request reads it, so that an answer an instance keeps in memory is
-- served only while nothing has changed since it was read (src/server/db/cache.rs).
CREATE TABLE change_epoch (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    changes  BIGINT  NOT NULL
);
INSERT INTO change_epoch (changes) VALUES (0);
