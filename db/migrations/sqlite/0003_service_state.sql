-- Facts about this installation that must survive restarts, e.g. that the demo survey was already seeded once.
CREATE TABLE service_state (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
