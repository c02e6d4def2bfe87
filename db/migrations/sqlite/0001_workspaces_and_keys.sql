-- Tenants and their API keys. A key is stored only as a SHA-256 hash of the whole secret;
-- the visible prefix lets a person recognise a key in a list without the secret.
CREATE TABLE workspaces (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT,
    prefix       TEXT    NOT NULL,
    secret_hash  TEXT    NOT NULL,
    scope        TEXT    NOT NULL CHECK (scope IN ('admin', 'read', 'collect')),
    survey_id    INTEGER,
    created_at   TEXT    NOT NULL,
    revoked_at   TEXT
);

CREATE INDEX ix_api_keys_prefix ON api_keys (prefix);
CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id);
