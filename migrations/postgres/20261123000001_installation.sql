-- One row describing this installation, written at first start-up.
-- Ids are UUIDs generated in Rust and stored as TEXT; times are Unix milliseconds (BIGINT),
-- the representation both backends share through sqlx's Any driver.
CREATE TABLE installation (
    id         TEXT    PRIMARY KEY NOT NULL,
    -- Always 1: makes "at most one row" a constraint instead of a hope.
    singleton  INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    created_at BIGINT  NOT NULL
);
