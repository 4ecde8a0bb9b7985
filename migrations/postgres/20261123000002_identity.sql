-- Users, agencies, staff roles and server-side sessions.

-- A person's login, global across agencies and client accounts.
CREATE TABLE users (
    id               TEXT    PRIMARY KEY NOT NULL,
    email            TEXT    NOT NULL,              -- as the person typed it
    email_normalized TEXT    NOT NULL UNIQUE,       -- lower case: one account per address, any spelling
    first_name       TEXT    NOT NULL,
    last_name        TEXT    NOT NULL,
    password_hash    TEXT    NOT NULL,              -- argon2id PHC string
    disabled         INTEGER NOT NULL DEFAULT 0,    -- 0/1: flags are integers on both backends
    last_login_at    BIGINT,
    last_login_ip    TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);

-- The workspace of a service provider.
CREATE TABLE agencies (
    id         TEXT   PRIMARY KEY NOT NULL,
    name       TEXT   NOT NULL,
    plan       TEXT   NOT NULL DEFAULT 'agency' CHECK (plan IN ('freelancer', 'agency', 'premier')),
    created_at BIGINT NOT NULL
);

-- A user's role in an agency.
CREATE TABLE staff_members (
    agency_id  TEXT   NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    user_id    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT   NOT NULL CHECK (role IN ('owner', 'admin', 'staff')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (agency_id, user_id)
);
CREATE INDEX staff_members_by_user ON staff_members (user_id);

-- Server-side sessions: any instance can serve any request. Only the SHA-256 of the cookie's token
-- is stored, so a copy of this table does not let anyone sign in.
CREATE TABLE sessions (
    id           TEXT   PRIMARY KEY NOT NULL,
    token_hash   TEXT   NOT NULL UNIQUE,
    user_id      TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ip           TEXT,
    user_agent   TEXT,
    created_at   BIGINT NOT NULL,                   -- for the absolute timeout
    last_seen_at BIGINT NOT NULL                    -- for the idle timeout
);
CREATE INDEX sessions_by_user ON sessions (user_id);
