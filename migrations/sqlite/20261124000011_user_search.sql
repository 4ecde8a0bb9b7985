-- Finding a person by any part of their name or address without reading every user: a trigram
-- index (FTS5), kept in step with `users` by triggers. A search of three characters or more asks
-- it with MATCH, which finds exactly the rows "LIKE '%text%'" would, case-insensitively.
CREATE VIRTUAL TABLE users_search USING fts5(
    user_id UNINDEXED,
    name,
    email,
    tokenize = 'trigram'
);

INSERT INTO users_search (user_id, name, email)
SELECT id, first_name || ' ' || last_name, email_normalized FROM users;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (user_id, name, email)
    VALUES (new.id, new.first_name || ' ' || new.last_name, new.email_normalized);
END;

CREATE TRIGGER users_search_update AFTER UPDATE OF first_name, last_name, email_normalized ON users BEGIN
    UPDATE users_search SET name = new.first_name || ' ' || new.last_name, email = new.email_normalized
    WHERE user_id = old.id;
END;

CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    DELETE FROM users_search WHERE user_id = old.id;
END;

-- The Users page lists people by name: with this index the first page reads its fifty rows in
-- order instead of sorting every user.
CREATE INDEX users_by_name ON users (last_name, first_name, id);
