-- "Forgot password" links. Only the SHA-256 of the link's token is stored; a link works once and
-- for a short time.
CREATE TABLE password_resets (
    token_hash TEXT   PRIMARY KEY NOT NULL,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
