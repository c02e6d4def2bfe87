-- What a questionnaire shows respondents (the hosted form and front-ends reading /questionnaire): the answer wording
-- set, whether feature order is randomised per respondent, whether importance (1-9) and satisfaction (1-5) are asked,
-- and an intro and a thank-you text per language. Defaults: modern wording, randomised order (method §1), no scales.
ALTER TABLE surveys ADD COLUMN answer_wording TEXT NOT NULL DEFAULT 'modern'
    CHECK (answer_wording IN ('modern', 'kano-1984', 'berger', 'blauth', 'vietnamese', 'survey'));
ALTER TABLE surveys ADD COLUMN randomize_order INTEGER NOT NULL DEFAULT 1 CHECK (randomize_order IN (0, 1));
ALTER TABLE surveys ADD COLUMN ask_importance INTEGER NOT NULL DEFAULT 0 CHECK (ask_importance IN (0, 1));
ALTER TABLE surveys ADD COLUMN ask_satisfaction INTEGER NOT NULL DEFAULT 0 CHECK (ask_satisfaction IN (0, 1));
ALTER TABLE surveys ADD COLUMN intro_en TEXT;
ALTER TABLE surveys ADD COLUMN intro_vi TEXT;
ALTER TABLE surveys ADD COLUMN thank_you_en TEXT;
ALTER TABLE surveys ADD COLUMN thank_you_vi TEXT;

-- A feature's questions per language: functional_question/dysfunctional_question are the English ones from now on,
-- these the Vietnamese ones. Questions a Vietnamese survey already stored were written in Vietnamese: move them.
ALTER TABLE features ADD COLUMN functional_question_vi TEXT;
ALTER TABLE features ADD COLUMN dysfunctional_question_vi TEXT;
UPDATE features
SET functional_question_vi = functional_question, dysfunctional_question_vi = dysfunctional_question,
    functional_question = NULL, dysfunctional_question = NULL
WHERE survey_id IN (SELECT id FROM surveys WHERE language = 'vi');
