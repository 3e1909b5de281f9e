export function ensureChromium(): string;
export class Browser {
	static launch(options?: { width?: number; height?: number }): Promise<Browser>;
	close(): Promise<void>;
}
