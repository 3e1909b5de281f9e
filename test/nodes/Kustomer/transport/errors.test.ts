import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	asNodeError,
	describeHttpError,
	kustomerApiError,
	parseKustomerErrors,
	redact,
} from '../../../../nodes/Kustomer/transport/errors';

const node: INode = {
	id: '1',
	name: 'Kustomer',
	type: 'n8n-nodes-kustomer.kustomer',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const context = { method: 'POST', path: '/v1/conversations', roles: ['org.permission.conversation.create'] };

describe('parseKustomerErrors', () => {
	test('reads the JSON:API form with pointer and sub-errors', () => {
		expect(
			parseKustomerErrors({
				errors: [
					{
						status: 400,
						code: 'invalid',
						title: 'Invalid value',
						detail: 'priority must be <= 5',
						source: { pointer: '/data/attributes/priority' },
						meta: { subErrors: [{ message: 'too big' }, 'second'] },
					},
				],
			}),
		).toEqual([
			{
				status: '400',
				code: 'invalid',
				title: 'Invalid value',
				detail: 'priority must be <= 5',
				pointer: '/data/attributes/priority',
				parameter: undefined,
				subErrors: ['too big', 'second'],
			},
		]);
	});

	test('reads the {code, message} form, plain text, a JSON string, and nothing', () => {
		expect(parseKustomerErrors({ errors: [{ code: 'auth', message: 'Auth token invalid' }] })[0]).toMatchObject({
			code: 'auth',
			detail: 'Auth token invalid',
		});
		expect(parseKustomerErrors('Too Many Requests')).toEqual([{ detail: 'Too Many Requests' }]);
		expect(parseKustomerErrors('{"message":"boom"}')).toEqual([expect.objectContaining({ detail: 'boom' })]);
		expect(parseKustomerErrors('')).toEqual([]);
		expect(parseKustomerErrors(undefined)).toEqual([]);
		expect(parseKustomerErrors({})).toEqual([]);
	});
});

describe('describeHttpError', () => {
	test('400 names the field Kustomer pointed at', () => {
		const { message, description } = describeHttpError(
			400,
			[{ title: 'Unknown field', detail: 'channel is not allowed', pointer: '/channel' }],
			context,
		);
		expect(message).toContain('invalid (400): Unknown field');
		expect(description).toContain('field: /channel');
	});

	test('a generic title gives way to the detail in the message', () => {
		expect(describeHttpError(400, [{ title: 'Bad Request', detail: 'url must use https' }], context).message).toBe(
			'Kustomer rejected the request as invalid (400): url must use https',
		);
		expect(describeHttpError(400, [{ title: 'Bad Request' }], context).message).toBe(
			'Kustomer rejected the request as invalid (400): Bad Request',
		);
	});

	test('401 tells a wrong region from a missing role from an unknown key', () => {
		const region = describeHttpError(401, [{ detail: 'Auth token associated with pod prod2 is not valid here' }], context);
		expect(region.description).toContain('another Kustomer region');
		const role = describeHttpError(401, [{ detail: 'User does not have permission org.permission.conversation.create' }], context);
		expect(role.description).toContain('lacks a role');
		expect(role.description).toContain('org.permission.conversation.create');
		const unknown = describeHttpError(401, [], context);
		expect(unknown.message).toBe('Kustomer refused the API key (401)');
		expect(unknown.description).toContain('not revoked');
		expect(unknown.description).toContain('Organization Host');
		expect(unknown.description).toContain('org.permission.conversation.create');
	});

	test.each([
		[403, 'not allowed', 'org.permission.conversation.create'],
		[404, 'found nothing', 'deleted'],
		[409, 'conflict', 'unique value'],
		[413, '100 KB', 'Shorten'],
		[502, 'server error (502)', 'not retried automatically'],
	])('%i has a message and a fix', (status, inMessage, inDescription) => {
		const { message, description } = describeHttpError(status, [], context);
		expect(message).toContain(inMessage);
		expect(description).toContain(inDescription);
	});

	test('a retryable request that still fails with 5xx says it was retried', () => {
		expect(describeHttpError(503, [], { ...context, retryable: true }).description).toContain('retried automatically');
	});
});

test('redact removes every occurrence of a secret', () => {
	expect(redact('key abcd1234 and abcd1234', ['abcd1234'])).toBe('key [redacted] and [redacted]');
	expect(redact('short', ['ab'])).toBe('short');
});

test('kustomerApiError keeps only what Kustomer said, without the key', () => {
	const error = kustomerApiError(node, 400, { errors: [{ title: 'Bad', detail: 'echo secret-key-123456' }] }, {
		...context,
		itemIndex: 2,
		secrets: ['secret-key-123456'],
	});
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.httpCode).toBe('400');
	expect(error.context.itemIndex).toBe(2);
	expect(JSON.stringify(error)).not.toContain('secret-key-123456');
	expect(error.description).toContain('[redacted]');
});

test('asNodeError keeps node errors and wraps anything else with the item index', () => {
	const original = new NodeOperationError(node, 'x');
	expect(asNodeError(node, original, 3)).toBe(original);
	expect(original.context.itemIndex).toBe(3);
	const wrapped = asNodeError(node, new Error('plain'), 1);
	expect(wrapped).toBeInstanceOf(NodeOperationError);
	expect(wrapped.message).toBe('plain');
	expect(wrapped.context.itemIndex).toBe(1);
});
