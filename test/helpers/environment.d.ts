/** The HTTP parsers made through node's `_http_common` and not yet closed (see environment.js). */
export function openParsers(): Set<{ execute(data: Buffer): unknown; close(): void }>;
/** Closes every parser made since the last call. */
export function closeOpenParsers(): void;
