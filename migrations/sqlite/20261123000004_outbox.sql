-- Outgoing email: written in the same transaction as what it announces (a password reset, later an
-- invitation), then delivered by a background sender that retries. With no SMTP configured, messages
-- stay here and the agency's owners read them on the Outbox page.
CREATE TABLE outbox (
    id              TEXT   PRIMARY KEY NOT NULL,
    -- Whose owners may read the message on the Outbox page; NULL: nobody but the operator.
    agency_id       TEXT   REFERENCES agencies (id) ON DELETE CASCADE,
    recipient       TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    body            TEXT,                           -- cleared once delivered: links in it are secrets
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT,                         -- a sender is on it until then; others skip it
    last_error      TEXT,
    sent_at         BIGINT,
    failed_at       BIGINT                          -- given up after the last attempt
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_by_agency ON outbox (agency_id, created_at);
