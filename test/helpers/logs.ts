/**
 * What nodes write to n8n's log: n8n-core hands every node context the one Logger of its
 * dependency container (node-execution-context.ts: `Container.get(Logger)`), so spying on it
 * sees every line, with its level.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

export interface LogLine {
	level: 'error' | 'warn' | 'info' | 'debug';
	message: string;
}

/** Captures log lines from now until the test ends (jest restores the spies). */
export function captureLogs(): LogLine[] {
	const lines: LogLine[] = [];
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info', 'debug'] as const) {
		jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
			lines.push({ level, message: String(args[0]) });
		});
	}
	return lines;
}
