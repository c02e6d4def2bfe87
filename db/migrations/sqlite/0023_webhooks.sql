-- Webhooks (decision 0016). Endpoints per workspace; the outbox of events, written in the transaction of the change
-- each reports; one delivery per event and endpoint, claimed by a worker with a lease; and each attempt's outcome.
CREATE TABLE webhook_endpoints (
    id                          INTEGER PRIMARY KEY,
    workspace_id                INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    url                         TEXT    NOT NULL,
    description                 TEXT,
    -- the event types wanted, space-separated
    events                      TEXT    NOT NULL,
    -- the surveys whose events are wanted, space-separated ids; NULL for every survey
    survey_ids                  TEXT,
    -- the signing secret (whsec_…): HMAC needs it itself, so it is kept, not hashed
    secret                      TEXT    NOT NULL,
    -- after a rotation, the previous secret signs beside the new one until previous_secret_expires_at
    previous_secret             TEXT,
    previous_secret_expires_at  TEXT,
    disabled_at                 TEXT,
    disabled_reason             TEXT,
    failing_since               TEXT,
    failure_reason              TEXT,
    created_at                  TEXT    NOT NULL,
    updated_at                  TEXT    NOT NULL
);
CREATE INDEX ix_webhook_endpoints_workspace ON webhook_endpoints (workspace_id, id);

CREATE TABLE webhook_events (
    id            INTEGER PRIMARY KEY,
    -- the webhook-id every attempt to every endpoint carries
    message_id    TEXT    NOT NULL UNIQUE,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- no foreign key: an event already made is still delivered after its survey is deleted
    survey_id     INTEGER,
    -- a test event goes to this endpoint only
    endpoint_id   INTEGER REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    type          TEXT    NOT NULL,
    -- the event's own fields (JSON); the ids and the timestamp are added when the body is made
    data          TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    -- when its deliveries were made; NULL while the dispatcher has still to
    dispatched_at TEXT
);
CREATE INDEX ix_webhook_events_waiting ON webhook_events (id) WHERE dispatched_at IS NULL;

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    -- retries are given up once they have gone on this long since retry_from (queued, or redelivered by hand)
    retry_from      TEXT    NOT NULL,
    -- the lease of the instance attempting it: past claimed_until any instance may claim it again
    claimed_until   TEXT,
    claim_token     TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX ix_webhook_deliveries_claim ON webhook_deliveries (claim_token) WHERE claim_token IS NOT NULL;

CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY,
    delivery_id   INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    endpoint_id   INTEGER NOT NULL,
    started_at    TEXT    NOT NULL,
    duration_ms   INTEGER NOT NULL,
    -- the HTTP status; NULL when there was no answer (error says why)
    status        INTEGER,
    error         TEXT,
    -- the start of the answer (at most 1,024 bytes)
    response_body TEXT
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
