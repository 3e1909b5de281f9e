import type { OrgMetadata } from './contract';

/** The sandbox org's custom attribute definitions, and the contract tests' fixture. */
export const METADATA: OrgMetadata;
export function customSchema(properties: Record<string, Record<string, unknown>> | undefined, options?: { strict?: boolean }): Record<string, unknown>;
