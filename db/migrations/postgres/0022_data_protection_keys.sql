-- PostgreSQL form of sqlite/0022: the data-protection key ring every instance reads (docs/decisions/0014).
CREATE TABLE data_protection_keys (
    name        text PRIMARY KEY,
    xml         text NOT NULL,
    created_at  text COLLATE "C" NOT NULL
);
