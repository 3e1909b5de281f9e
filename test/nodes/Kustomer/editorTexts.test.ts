/**
 * What the editor says about the nodes as a whole (issue 20 items 4, 5, 9): the node picker's
 * description, canvas subtitles in words, the trigger's Registration in the panel, the
 * polling notice, the webhook secret credential, and the package's description.
 */
import type { INode, INodeTypeDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { RESOURCES } from '../../../nodes/Kustomer/actions';
import { POLL_EVENTS } from '../../../nodes/Kustomer/polling/events';
import { KUSTOMER_NODE, KUSTOMER_TRIGGER_NODE, loadPackage, nodeDescription, PACKAGE_NAME, PACKAGE_ROOT } from '../../helpers/harness';

const POLLING_TRIGGER_NODE = `${PACKAGE_NAME}.kustomerPollingTrigger`;

/** The subtitle as the canvas shows it: n8n evaluates it as an expression on the node's parameters. */
async function subtitleOf(type: string, parameters: INode['parameters']): Promise<unknown> {
	const { nodeTypes } = await loadPackage();
	const description = nodeTypes.getByNameAndVersion(type).description;
	const node: INode = { id: 'n', name: 'Node', type, typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle as string, 'internal', {});
}

describe('canvas subtitles say in words what the node does', () => {
	test('the action node: every operation of the registry by its action text', async () => {
		for (const resource of RESOURCES) {
			for (const { option } of resource.operations) {
				const subtitle = await subtitleOf(KUSTOMER_NODE, { resource: resource.value, operation: option.value });
				expect(subtitle).toBe(option.action ?? option.name);
			}
		}
		expect(await subtitleOf(KUSTOMER_NODE, { resource: 'customObject', operation: 'upsert' })).not.toContain('customObject');
	});

	test('the webhook trigger: its events by name', async () => {
		expect(await subtitleOf(KUSTOMER_TRIGGER_NODE, { events: ['kustomer.conversation.update', 'kustomer.customer.create'] })).toBe(
			'Conversation Updated, Customer Created',
		);
	});

	test('the polling trigger: its event by name', async () => {
		for (const event of POLL_EVENTS) {
			expect(await subtitleOf(POLLING_TRIGGER_NODE, { event: event.value })).toBe(event.name);
		}
		expect(await subtitleOf(POLLING_TRIGGER_NODE, { event: 'conversationDone' })).toBe('Conversation Done');
	});
});

describe('the node picker', () => {
	test("the Kustomer entry, which n8n describes with the trigger's description, says what the action node does", async () => {
		const action = await nodeDescription(KUSTOMER_NODE);
		const trigger = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(trigger.description).toBe(action.description);
		for (const word of ['custom objects', 'escalation', 'conversations', 'messages', 'notes', 'customers']) expect(action.description).toContain(word);
	});

	test('the polling trigger says it polls; the package description names custom objects, escalation and polling', async () => {
		expect((await nodeDescription(POLLING_TRIGGER_NODE)).description).toContain('polling');
		const { description } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { description: string };
		for (const word of ['custom objects', 'escalation', 'polling', 'webhook']) expect(description).toContain(word);
	});
});

describe("the trigger's Registration", () => {
	/**
	 * n8n's editor moves a parameter out of the panel into the credential window when every
	 * one of its values is named in a credential's `displayOptions.show` (editor-ui
	 * nodeTypesUtils.ts getMainAuthField / findAlternativeAuthField).
	 */
	function movedToCredentialWindow(description: INodeTypeDescription): string[] {
		const shownOn: Record<string, unknown[]> = {};
		for (const credential of description.credentials ?? []) {
			for (const [name, values] of Object.entries(credential.displayOptions?.show ?? {})) shownOn[name] = [...(shownOn[name] ?? []), ...(values ?? [])];
		}
		return description.properties
			.filter((property) => shownOn[property.name] && (property.options ?? []).every((option) => shownOn[property.name].includes((option as { value: unknown }).value)))
			.map((property) => property.name);
	}

	test('stays in the panel, each mode still showing only its credential, with a notice saying when to choose Manual', async () => {
		const description = await nodeDescription(KUSTOMER_TRIGGER_NODE);
		expect(movedToCredentialWindow(description)).toEqual([]);
		expect(description.credentials?.map(({ name, displayOptions }) => [name, displayOptions])).toEqual([
			['kustomerApi', { hide: { registration: ['manual'] } }],
			['kustomerWebhookApi', { hide: { registration: ['automatic'] } }],
		]);
		const names = description.properties.map((property) => property.name);
		expect(names.slice(0, 2)).toEqual(['registration', 'automaticNotice']);
		const notice = description.properties.find((property) => property.name === 'automaticNotice');
		expect(notice?.displayName).toMatch(/Choose Manual registration instead when the API key may not create webhooks .* 5 webhooks/);
	});

	test('the manual secret credential says it is only for Manual registration', async () => {
		const { credentialTypes } = await loadPackage();
		const secret = credentialTypes.kustomerWebhookApi;
		expect(secret.displayName).toBe('Kustomer Trigger Manual Webhook Secret API');
		expect(secret.properties[0]).toMatchObject({ type: 'notice', displayName: expect.stringContaining('Only for the Kustomer Trigger with Registration: Manual') });
	});
});

test('the polling notice places the schedule where n8n shows it: Poll Times, above the notice', async () => {
	const description = await nodeDescription(POLLING_TRIGGER_NODE);
	const names = description.properties.map((property) => property.name);
	expect(names.indexOf('pollTimes')).toBeLessThan(names.indexOf('pollingNotice'));
	expect(description.properties.find((property) => property.name === 'pollingNotice')?.displayName).toContain('Poll Times schedule above');
});

/** Every text n8n renders as HTML in a node's panel (descriptions, hints, notices, placeholders, link errors). */
function renderedTexts(value: unknown, out: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((entry) => renderedTexts(entry, out));
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (typeof entry === 'string' && ['description', 'hint', 'placeholder', 'errorMessage', 'displayName'].includes(key)) out.push(entry);
			else renderedTexts(entry, out);
		}
	}
	return out;
}

test("no panel text holds a <placeholder> n8n's HTML rendering would drop (issue 20 item 2), every resource's locators included", async () => {
	const lost = /<(?!\/?(a|b|i|br|code|strong|em|p|ul|li)\b)[^>]*>/;
	for (const type of [KUSTOMER_NODE, KUSTOMER_TRIGGER_NODE, POLLING_TRIGGER_NODE]) {
		const texts = renderedTexts((await nodeDescription(type)).properties);
		expect(texts.length).toBeGreaterThan(20);
		expect(texts.filter((text) => lost.test(text))).toEqual([]);
	}
});
