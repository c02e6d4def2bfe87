-- The data-protection key ring: the keys that sign the hosted form's antiforgery tokens (docs/decisions/0014). Kept in
-- the database, not in each process's home folder, so a form rendered by one instance can be posted to another and a
-- form opened before a restart can still be sent after it. One row per XML element the key manager stores (keys and
-- revocations), named by the manager (key-<id>); not per workspace: the ring belongs to the service.
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
