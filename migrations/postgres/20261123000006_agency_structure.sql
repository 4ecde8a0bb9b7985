-- Client accounts and what the agency runs in them, staff assignments, and client memberships.

-- One per client: never two customers in one account.
CREATE TABLE client_accounts (
    id              TEXT   PRIMARY KEY NOT NULL,
    agency_id       TEXT   NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    kind            TEXT   NOT NULL CHECK (kind IN ('individual', 'company')),
    name            TEXT   NOT NULL,
    name_key        TEXT   NOT NULL,                -- lower-cased name: sort order, keyset and search
    contact_email   TEXT   NOT NULL DEFAULT '',
    phone           TEXT   NOT NULL DEFAULT '',
    address         TEXT   NOT NULL DEFAULT '',
    billing_contact TEXT   NOT NULL DEFAULT '',
    archived_at     BIGINT,                         -- archived: out of lists and switchers, data kept
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
-- Keyset pages: WHERE agency_id = ? AND archived ... AND (name_key, id) > (?, ?) ORDER BY name_key, id.
CREATE INDEX client_accounts_page ON client_accounts (agency_id, name_key, id);

-- Campaigns, applications and domains, each inside one client account.
CREATE TABLE resources (
    id                TEXT   PRIMARY KEY NOT NULL,
    client_account_id TEXT   NOT NULL REFERENCES client_accounts (id) ON DELETE CASCADE,
    kind              TEXT   NOT NULL CHECK (kind IN ('campaign', 'application', 'domain')),
    name              TEXT   NOT NULL,
    created_at        BIGINT NOT NULL
);
CREATE INDEX resources_by_account ON resources (client_account_id, kind, name);

-- Environments of an application (production, staging, …).
CREATE TABLE environments (
    id          TEXT   PRIMARY KEY NOT NULL,
    resource_id TEXT   NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (resource_id, name)
);

-- Domains an environment answers on.
CREATE TABLE environment_domains (
    id             TEXT   PRIMARY KEY NOT NULL,
    environment_id TEXT   NOT NULL REFERENCES environments (id) ON DELETE CASCADE,
    hostname       TEXT   NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (environment_id, hostname)
);

-- Which client accounts a Staff member manages (Owners and Admins manage all of them).
CREATE TABLE staff_assignments (
    agency_id         TEXT   NOT NULL,
    user_id           TEXT   NOT NULL,
    client_account_id TEXT   NOT NULL REFERENCES client_accounts (id) ON DELETE CASCADE,
    created_at        BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_account_id),
    FOREIGN KEY (agency_id, user_id) REFERENCES staff_members (agency_id, user_id) ON DELETE CASCADE
);

-- A user in a client account: resource scope, account-owner flag, optional end. The permission
-- switches attach to this row.
CREATE TABLE memberships (
    id                TEXT    PRIMARY KEY NOT NULL,
    user_id           TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_account_id TEXT    NOT NULL REFERENCES client_accounts (id) ON DELETE CASCADE,
    all_resources     INTEGER NOT NULL DEFAULT 0,   -- 1: all current and future resources
    account_owner     INTEGER NOT NULL DEFAULT 0,
    ends_at           BIGINT,                       -- after it the membership grants nothing
    created_at        BIGINT  NOT NULL,
    UNIQUE (user_id, client_account_id)
);
CREATE INDEX memberships_by_account ON memberships (client_account_id);

-- The chosen resources of a membership without all_resources.
CREATE TABLE membership_resources (
    membership_id TEXT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
    resource_id   TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (membership_id, resource_id)
);
CREATE INDEX membership_resources_by_resource ON membership_resources (resource_id);

-- Where the person last chose to work ('agency:<id>' or 'account:<id>'), for the account switcher.
ALTER TABLE users ADD COLUMN current_place TEXT;
