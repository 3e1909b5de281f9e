export interface ConformanceCheck {
	id: string;
	checks: string;
	dependsOn: string;
	roles: readonly string[];
	reading?: string;
	run(ctx: unknown): Promise<string>;
}
export const CHECKS: ConformanceCheck[];
