-- PostgreSQL form of sqlite/0003.
CREATE TABLE service_state (
    name        text PRIMARY KEY,
    value       text NOT NULL,
    updated_at  text COLLATE "C" NOT NULL
);
