// A small front-end client written the way a KanoApi user would write one, against the types openapi-typescript
// generates from the served OpenAPI document (.ci/typescript.sh writes them to ../../artifacts/kano-api.d.ts).
// tsc --strict must accept it: when an operation, a parameter or a field it uses changes shape, this stops compiling.
import type { components, operations } from "../../artifacts/kano-api";

type Schemas = components["schemas"];
export type Backlog = Schemas["BacklogResponse"];
export type Analysis = Schemas["AnalysisResponse"];
export type ValidationProblem = Schemas["HttpValidationProblemDetails"];
export type AnalysisOptions = NonNullable<operations["GetAnalysis"]["parameters"]["query"]>;

/** Query string of the read endpoints; the segment object goes as segment[plan]=pro (OpenAPI deepObject). */
export function queryString(options: AnalysisOptions): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (typeof value === "object") {
      for (const [segment, segmentValue] of Object.entries(value)) {
        query.append(`segment[${segment}]`, segmentValue);
      }
    } else {
      query.append(name, String(value));
    }
  }
  const text = query.toString();
  return text.length > 0 ? `?${text}` : "";
}

export class KanoApiError extends Error {
  constructor(readonly problem: ValidationProblem) {
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join("; ")}`);
    super([problem.title ?? "KanoApi error", problem.detail, ...fields].filter(Boolean).join("\n"));
  }
}

async function get<T>(baseUrl: string, apiKey: string, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { headers: { "X-Api-Key": apiKey, "Accept-Language": "vi" } });
  if (!response.ok) {
    throw new KanoApiError((await response.json()) as ValidationProblem);
  }
  return (await response.json()) as T;
}

export const backlog = (baseUrl: string, apiKey: string, surveyId: number, options: AnalysisOptions = {}) =>
  get<Backlog>(baseUrl, apiKey, `/v1/surveys/${surveyId}/backlog${queryString(options)}`);

export const analysis = (baseUrl: string, apiKey: string, surveyId: number, options: AnalysisOptions = {}) =>
  get<Analysis>(baseUrl, apiKey, `/v1/surveys/${surveyId}/analysis${queryString(options)}`);

/** One line per backlog item, as a dashboard would list them. */
export function backlogLines(answer: Backlog): string[] {
  return answer.items.map(
    (item) => `${item.rank}. ${item.name} — ${item.actionLabel} (${item.category}, score ${item.score.toFixed(2)}): ${item.rationale}`,
  );
}

/** The features whose two most frequent codes are too close to call, with their share of M. */
export function dualFeatures(answer: Analysis): { key: string; dual: string; mustBe: number | undefined }[] {
  return answer.features
    .filter((feature) => feature.dual !== null)
    .map((feature) => ({ key: feature.key ?? "", dual: feature.dual ?? "", mustBe: feature.percentages?.["M"] }));
}

// Request bodies a form builds.
export const submission: Schemas["ResponseSubmission"] = {
  respondentId: "r-1042",
  wave: "2026-Q4",
  segments: { plan: "enterprise" },
  answers: [
    { feature: "fast-checkout", functional: "like", dysfunctional: "dislike", importance: 8, satisfaction: 3 },
    { feature: 13, functional: 1, dysfunctional: 3 },
  ],
};

export const enterpriseBacklog: AnalysisOptions = { segment: { plan: "enterprise" }, rule: "hierarchy", lang: "vi" };

// The generated types are not `any`: these must be refused.
// @ts-expect-error an answer is a code, a wording or a position 1-5, never a boolean
export const wrongAnswer: Schemas["SubmittedAnswer"] = { feature: "fast-checkout", functional: true, dysfunctional: "dislike" };
// @ts-expect-error segment values are text
export const wrongSegment: AnalysisOptions = { segment: { plan: 3 } };

// Exact types: a field every response carries is not optional, a field never null is not nullable, and a request
// field the service demands must be written.
export const featureKeys = (answer: Analysis): string[] => answer.features.map((feature) => feature.key);
export const respondentOfTemplate = (questionnaire: Schemas["QuestionnaireDefinition"]): string =>
  questionnaire.submission.body.respondentId;
export const orderIsRandom = (questionnaire: Schemas["QuestionnaireDefinition"]): boolean => questionnaire.randomizeOrder;
// @ts-expect-error a new survey needs a name
export const namelessSurvey: Schemas["SurveyCreate"] = { description: "no name yet" };
// @ts-expect-error the languages are en and vi
export const frenchAnalysis: AnalysisOptions = { lang: "fr" };
