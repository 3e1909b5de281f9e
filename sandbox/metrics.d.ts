/** The sandbox's seeded SLA (GET /v1/slas/{id}) and satisfaction survey (GET /v1/satisfaction). */
export const SEED_SLA_ID: string;
export const SEED_SURVEY: { type: 'satisfaction'; id: string; attributes: Record<string, unknown> };
export function createMetrics(helpers: Record<string, unknown>): unknown[];
