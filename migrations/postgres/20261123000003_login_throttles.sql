-- Log-in attempts per account and per IP address in fixed windows. Every attempt is counted before
-- the password is checked, in one atomic upsert, so parallel guesses cannot slip past the limit.
CREATE TABLE login_throttles (
    key               TEXT   PRIMARY KEY NOT NULL,  -- 'account:<normalized email>' or 'ip:<address>'
    attempts          BIGINT NOT NULL,
    window_started_at BIGINT NOT NULL
);
