-- Switch sets an agency saved under a name, to apply to members later.
CREATE TABLE permission_templates (
    id         TEXT   PRIMARY KEY NOT NULL,
    agency_id  TEXT   NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    keys       TEXT   NOT NULL,                     -- catalog keys switched on, space-separated
    created_at BIGINT NOT NULL,
    UNIQUE (agency_id, name)
);
