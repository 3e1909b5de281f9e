export interface ReadingEntry {
	/** The documented value first, then every other reading. */
	values: string[];
	/** Which source says what. */
	source: string;
}
export const READINGS: Record<string, ReadingEntry>;
export function documentedReadings(): Record<string, string>;
export function reading(config: { readings?: Record<string, string> }, name: string): string;
export function parseReadingFlags(values: string[]): Record<string, string>;
