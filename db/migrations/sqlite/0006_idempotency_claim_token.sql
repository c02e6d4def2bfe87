-- Each claim of an Idempotency-Key carries a token of its own, so a request completes or releases only its own
-- claim: after a claim is taken over (its request presumed dead), the original request can no longer overwrite or
-- delete the new one's.
ALTER TABLE idempotency_requests ADD COLUMN claim_token TEXT;

-- A replayed creation answers with the ETag the first answer carried.
ALTER TABLE idempotency_requests ADD COLUMN etag TEXT;
