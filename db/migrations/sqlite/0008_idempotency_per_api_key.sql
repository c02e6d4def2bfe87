-- Idempotency-Key records belong to the API key that sent them, not to its workspace: a public form's collect key
-- could otherwise learn which keys an admin used (422) and claim one first. Records expire 24 hours after they were
-- made (Limits.IdempotencyRetention), swept by the service. The records of the per-workspace table are not carried
-- over: they name no API key, and they are short-lived retry guards, not data (a retry spanning this upgrade is
-- treated as a new request).
DROP TABLE idempotency_requests;

CREATE TABLE idempotency_requests (
    api_key_id       INTEGER NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('running', 'done')),
    status_code      INTEGER,
    response_body    TEXT,
    location         TEXT,
    etag             TEXT,
    -- each claim's own token: a request completes or releases only its own claim
    claim_token      TEXT,
    created_at       TEXT    NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
) WITHOUT ROWID;

CREATE INDEX ix_idempotency_requests_created ON idempotency_requests (created_at);
