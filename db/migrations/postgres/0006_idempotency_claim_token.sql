-- PostgreSQL form of sqlite/0006.
ALTER TABLE idempotency_requests ADD COLUMN claim_token text;

ALTER TABLE idempotency_requests ADD COLUMN etag text;
