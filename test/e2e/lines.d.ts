/**
 * The n8n lines an end-to-end file runs on: every file the newest pinned line (E2E_N8N_LINES),
 * a 'smoke' file the older lines too (E2E_SMOKE_LINES). See lines.js.
 */
export function e2eLines(set?: 'full' | 'smoke'): string[];
