-- The switches a membership has on, by catalog key (keys never change once released). A node is
-- granted when it and all its ancestors are on; the rule lives in the shared catalog code.
CREATE TABLE membership_permissions (
    membership_id TEXT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
    node_key      TEXT NOT NULL,
    PRIMARY KEY (membership_id, node_key)
);
