-- Links that open a survey to people without an API key: the hosted form (kind 'form', /f/{token}) and the
-- read-only report (kind 'report', /r/{token}). Like API keys, a link's token is stored only as its SHA-256 hash;
-- the prefix lets a person recognise a link in a list. A link dies with its survey.
CREATE TABLE survey_links (
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    survey_id      INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('form', 'report')),
    name           TEXT,
    prefix         TEXT    NOT NULL,
    token_hash     TEXT    NOT NULL UNIQUE,
    expires_at     TEXT,
    max_responses  INTEGER CHECK (max_responses IS NULL OR max_responses > 0),
    -- responses stored through this link, counted in the transaction that stores them
    responses      INTEGER NOT NULL DEFAULT 0,
    -- what every response through a form link is filed under
    wave           TEXT,
    segments       TEXT,
    created_at     TEXT    NOT NULL,
    revoked_at     TEXT
);
CREATE INDEX ix_survey_links_survey ON survey_links (survey_id, id);
