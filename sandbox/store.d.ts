export const SEED_IDS: {
	users: Record<'apiKey' | 'ana' | 'ben', string>;
	teams: Record<'tier1' | 'escalations', string>;
	queues: Record<'default' | 'tier2' | 'vip', string>;
	tags: Record<'vip' | 'refund' | 'escalated' | 'bug', string>;
	customers: Record<'jane' | 'omar' | 'mei' | 'lukas' | 'priya', string>;
	companies: Record<'acme' | 'globex', string>;
};
