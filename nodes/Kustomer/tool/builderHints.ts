import type { IBuilderHint } from 'n8n-workflow';

/**
 * Hints for n8n's AI workflow builder (`builderHint`, n8n-workflow 2.41 `IBuilderHint`): the
 * words a builder searches for and the nodes that belong beside ours. Older n8n ignores the
 * field. n8n's lint (`no-builder-hint-leakage`) forbids expressions and connection-type names
 * here, so the texts name nodes in plain words.
 */
const PACKAGE = 'n8n-nodes-kustomer';

export const kustomerBuilderHint: IBuilderHint = {
	searchHint:
		'Kustomer help desk, ticket, customer support, Kustomer conversation, customer lookup by email, reply to a customer, internal note, tag, escalate, priority, queue, custom object. Use for reading or changing Kustomer data in a workflow or as a tool for an AI agent or an MCP Server Trigger.',
	relatedNodes: [
		{ nodeType: `${PACKAGE}.kustomerTrigger`, relationHint: 'Starts a workflow when a Kustomer conversation, customer or message changes (signed webhook)' },
		{ nodeType: `${PACKAGE}.kustomerPollingTrigger`, relationHint: 'Starts a workflow on Kustomer changes without a public webhook URL (polling)' },
		{ nodeType: '@n8n/n8n-nodes-langchain.mcpTrigger', relationHint: 'Exposes Kustomer tools to MCP clients such as Claude or Cursor' },
		{ nodeType: '@n8n/n8n-nodes-langchain.agent', relationHint: 'An AI agent that triages Kustomer conversations with these tools' },
	],
};

export const kustomerTriggerBuilderHint: IBuilderHint = {
	searchHint:
		'Kustomer help desk webhook trigger: new or updated conversation, ticket, customer or message in Kustomer, customer support events. Needs a public HTTPS n8n URL; use the Kustomer Polling Trigger otherwise.',
	relatedNodes: [{ nodeType: `${PACKAGE}.kustomer`, relationHint: 'Reads or changes the conversation, customer or message the event names' }],
};

export const kustomerPollingTriggerBuilderHint: IBuilderHint = {
	searchHint:
		'Kustomer help desk polling trigger: new, updated or resolved conversations, tickets, customers and messages in Kustomer, checked on a schedule without a public URL.',
	relatedNodes: [{ nodeType: `${PACKAGE}.kustomer`, relationHint: 'Reads or changes the records the poll found' }],
};
