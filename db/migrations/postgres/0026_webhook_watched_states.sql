-- PostgreSQL form of sqlite/0026: what the webhook watcher last saw of each survey, and which links' becoming full or
-- expired it has reported.
CREATE TABLE webhook_survey_states (
    survey_id    bigint PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE,
    version      bigint NOT NULL,
    data_version bigint NOT NULL,
    state        text,
    updated_at   text   COLLATE "C" NOT NULL
);

CREATE TABLE webhook_link_notices (
    link_id     bigint NOT NULL REFERENCES survey_links (id) ON DELETE CASCADE,
    kind        text   NOT NULL CHECK (kind IN ('full', 'expired')),
    noticed_at  text   COLLATE "C" NOT NULL,
    PRIMARY KEY (link_id, kind)
);
