/** The events Kustomer's help center lists, and the tag events only its newer event catalog adds. */
export const DOCUMENTED_EVENTS: string[];
export const TAG_EVENTS: string[];
export const EVENTS: string[];
export function sign(bytes: Buffer | string, token: string): string;
