-- The staff audience (issue 21, gap 1; docs/decisions/0024). Staff answer a survey's questions as they believe its
-- customers would; their answers are stored in a hidden companion survey (surveys.staff_of = the customer survey),
-- so every aggregate, count, read and export of the customer survey, which are all keyed by survey, holds customers
-- only. The companion dies with its survey. Its features mirror the customer survey's (features.mirror_of), kept in
-- step by FeatureStore; a form link says which audience its answers belong to (survey_links.audience).
ALTER TABLE surveys ADD COLUMN staff_of INTEGER REFERENCES surveys (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX ux_surveys_staff_of ON surveys (staff_of) WHERE staff_of IS NOT NULL;
ALTER TABLE features ADD COLUMN mirror_of INTEGER REFERENCES features (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX ux_features_mirror_of ON features (mirror_of) WHERE mirror_of IS NOT NULL;
ALTER TABLE survey_links ADD COLUMN audience TEXT NOT NULL DEFAULT 'customers' CHECK (audience IN ('customers', 'staff'));
