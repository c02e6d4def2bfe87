-- PostgreSQL form of sqlite/0013. The yes/no settings are boolean here (SQLite keeps 0/1 integers): the code binds
-- and reads them as bool either way.
ALTER TABLE surveys ADD COLUMN answer_wording text NOT NULL DEFAULT 'modern'
    CHECK (answer_wording IN ('modern', 'kano-1984', 'berger', 'blauth', 'vietnamese', 'survey'));
ALTER TABLE surveys ADD COLUMN randomize_order boolean NOT NULL DEFAULT true;
ALTER TABLE surveys ADD COLUMN ask_importance boolean NOT NULL DEFAULT false;
ALTER TABLE surveys ADD COLUMN ask_satisfaction boolean NOT NULL DEFAULT false;
ALTER TABLE surveys ADD COLUMN intro_en text;
ALTER TABLE surveys ADD COLUMN intro_vi text;
ALTER TABLE surveys ADD COLUMN thank_you_en text;
ALTER TABLE surveys ADD COLUMN thank_you_vi text;

ALTER TABLE features ADD COLUMN functional_question_vi text;
ALTER TABLE features ADD COLUMN dysfunctional_question_vi text;
UPDATE features
SET functional_question_vi = functional_question, dysfunctional_question_vi = dysfunctional_question,
    functional_question = NULL, dysfunctional_question = NULL
WHERE survey_id IN (SELECT id FROM surveys WHERE language = 'vi');
