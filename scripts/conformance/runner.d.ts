export interface ConformanceCheckResult {
	id: string;
	checks: string;
	dependsOn: string;
	roles: string[];
	reading?: string;
	status: 'confirmed' | 'contradicted' | 'not checked';
	seen: string;
	missing?: 'role' | 'kustomer' | 'error';
	ms: number;
}

export interface ConformanceReport {
	baseUrl: string;
	mode: 'read-only' | 'write';
	summary: { confirmed: number; contradicted: number; notChecked: number; missingRoles: string[] };
	checks: ConformanceCheckResult[];
	leftInOrg: string[];
}

export interface ConformanceOptions {
	baseUrl: string;
	apiKey: string;
	write?: boolean;
	report?: string;
	klass?: string;
	emailTo?: string;
	webhookUrl?: string;
	webhookPort?: number;
	webhookHost?: string;
	sendDelaySeconds?: number;
	deliveryTimeoutSeconds?: number;
	only?: string[];
	log?: (line: string) => void;
}

export function runConformance(options: ConformanceOptions): Promise<{ report: ConformanceReport; exitCode: number; reportPath: string }>;
