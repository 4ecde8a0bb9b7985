-- Invitations: an offer of a staff role or of a membership, sent to an email address as a one-time
-- link. Only the SHA-256 of the link's token is stored, so a copy of this table opens nothing.

-- Agency settings for invitations: how long a link is valid, and whether a client invitation must
-- be accepted with the invited address (staff invitations always must).
ALTER TABLE agencies ADD COLUMN invite_valid_days INTEGER NOT NULL DEFAULT 7
    CHECK (invite_valid_days BETWEEN 1 AND 30);
ALTER TABLE agencies ADD COLUMN require_invited_email INTEGER NOT NULL DEFAULT 0;

-- A profile a staff member created without an invitation: they set its name and initial password
-- (1 until then), and the person chooses their own password at first log-in.
ALTER TABLE users ADD COLUMN profile_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- Counts the saves of a membership's switches: a save names the version it started from, so of
-- two people editing one switch tree the second is told instead of overwriting the first.
ALTER TABLE memberships ADD COLUMN permissions_version BIGINT NOT NULL DEFAULT 0;
-- Set when the end of a membership's access has been recorded in the audit log (once).
ALTER TABLE memberships ADD COLUMN end_recorded INTEGER NOT NULL DEFAULT 0;

-- Mail with an HTML alternative to the text.
ALTER TABLE outbox ADD COLUMN html_body TEXT;

CREATE TABLE invitations (
    id                TEXT    PRIMARY KEY NOT NULL,
    agency_id         TEXT    NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    -- The client account offered; NULL for a staff invitation (the agency is the target).
    client_account_id TEXT    REFERENCES client_accounts (id) ON DELETE CASCADE,
    target            TEXT    NOT NULL,             -- 'agency:<id>' or 'account:<id>', for the one-pending rule
    email             TEXT    NOT NULL,             -- as typed
    email_normalized  TEXT    NOT NULL,
    token_hash        TEXT    NOT NULL UNIQUE,
    status            TEXT    NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'accepted', 'cancelled', 'expired')),
    role              TEXT    CHECK (role IN ('admin', 'staff')),   -- staff invitations
    all_resources     INTEGER NOT NULL DEFAULT 0,   -- client invitations: 1 = all current and future
    permissions       TEXT    NOT NULL DEFAULT '',  -- catalog keys switched on, space-separated
    invited_by        TEXT    REFERENCES users (id) ON DELETE SET NULL,
    created_at        BIGINT  NOT NULL,
    sent_at           BIGINT  NOT NULL,             -- last (re)send: "Invite sent: 1 hour ago"
    expires_at        BIGINT  NOT NULL,             -- checked at accept time
    finished_at       BIGINT,                       -- accepted, cancelled or expired then
    accepted_by       TEXT    REFERENCES users (id) ON DELETE SET NULL,
    renewal_asked_at  BIGINT                        -- the invitee asked the inviter for a new link
);
-- At most one pending invitation per address and target.
CREATE UNIQUE INDEX invitations_one_pending ON invitations (email_normalized, target)
    WHERE status = 'pending';
CREATE INDEX invitations_by_agency ON invitations (agency_id, status, sent_at);
CREATE INDEX invitations_by_account ON invitations (client_account_id, status);

-- The chosen resources of a client invitation without all_resources.
CREATE TABLE invitation_resources (
    invitation_id TEXT NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    resource_id   TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, resource_id)
);

-- The accounts a Staff invitation assigns.
CREATE TABLE invitation_assignments (
    invitation_id     TEXT NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    client_account_id TEXT NOT NULL REFERENCES client_accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, client_account_id)
);

-- Who did what, to whom, where, when and from where; written in the transaction of the change.
-- The application only ever appends to it.
CREATE TABLE audit_events (
    id                TEXT   PRIMARY KEY NOT NULL,
    at                BIGINT NOT NULL,
    actor_id          TEXT,                         -- NULL: the system or an anonymous visitor
    action            TEXT   NOT NULL,              -- e.g. 'invitation.sent'
    target            TEXT   NOT NULL,              -- what it was done to, e.g. 'invitation:<id>'
    agency_id         TEXT,
    client_account_id TEXT,
    ip                TEXT,
    user_agent        TEXT,
    detail            TEXT   NOT NULL DEFAULT '{}'  -- JSON
);
-- Newest first within an agency or an account: the keyset of the Audit log page and its export.
CREATE INDEX audit_events_by_agency ON audit_events (agency_id, at, id);
CREATE INDEX audit_events_by_account ON audit_events (client_account_id, at, id);

-- Changes of switches were kept in their own table; they are audit events like every other change.
INSERT INTO audit_events (id, at, actor_id, action, target, agency_id, client_account_id, detail)
SELECT pc.id, pc.changed_at, pc.changed_by, 'permissions.changed', 'user:' || m.user_id,
       c.agency_id, m.client_account_id,
       '{"turned_on":"' || pc.turned_on || '","turned_off":"' || pc.turned_off || '"}'
FROM permission_changes pc
JOIN memberships m ON m.id = pc.membership_id
JOIN client_accounts c ON c.id = m.client_account_id;
DROP TABLE permission_changes;
