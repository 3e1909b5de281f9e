/** jest's moduleNameMapper from built paths (dist/) to the source they are built from. */
export const MODULE_NAME_MAPPER: Record<string, string>;
/** The source file a path of the built package comes from; any other path as it is. */
export function sourceOf(file: string): string;
/** Makes this Node.js process require .ts files (transpiled) and built paths from the source. */
export function register(): void;
