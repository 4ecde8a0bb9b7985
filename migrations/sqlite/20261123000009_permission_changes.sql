-- Every saved change of a membership's switches: who, when, what was turned on and off. Written in
-- the transaction of the change; the audit log shows it.
CREATE TABLE permission_changes (
    id            TEXT   PRIMARY KEY NOT NULL,
    membership_id TEXT   NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
    changed_by    TEXT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    turned_on     TEXT   NOT NULL,                  -- catalog keys, space-separated
    turned_off    TEXT   NOT NULL,
    changed_at    BIGINT NOT NULL
);
CREATE INDEX permission_changes_by_membership ON permission_changes (membership_id, changed_at);
