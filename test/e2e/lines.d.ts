/** The n8n lines the end-to-end tests run against (E2E_N8N_LINES, default "2,1"). */
export function e2eLines(): string[];
