export class Refusal extends Error {}
export function apiKeyFrom(env: Record<string, string | undefined>, input?: NodeJS.ReadableStream & { isTTY?: boolean }, output?: NodeJS.WritableStream): Promise<string>;
export function baseUrlFrom(env: Record<string, string | undefined>): string;
export function parseFlags(argv: string[]): Record<string, unknown>;
