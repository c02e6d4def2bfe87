-- PostgreSQL form of sqlite/0008: Idempotency-Key records belong to the API key that sent them.
DROP TABLE idempotency_requests;

CREATE TABLE idempotency_requests (
    api_key_id       bigint NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    idempotency_key  text   NOT NULL,
    request_hash     text   NOT NULL,
    state            text   NOT NULL CHECK (state IN ('running', 'done')),
    status_code      bigint,
    response_body    text,
    location         text,
    etag             text,
    claim_token      text,
    created_at       text   COLLATE "C" NOT NULL,
    PRIMARY KEY (api_key_id, idempotency_key)
);

CREATE INDEX ix_idempotency_requests_created ON idempotency_requests (created_at);
