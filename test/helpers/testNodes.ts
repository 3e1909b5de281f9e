import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** A file for an item's binary property: `{ "$binary": { "data": { fileName, mimeType, text | base64 } } }`. */
interface TestFile {
	fileName: string;
	mimeType?: string;
	text?: string;
	base64?: string;
	/** The size the item's binary data claims, when it is to differ from its bytes (a store's stale metadata). */
	declaredBytes?: number;
}

/**
 * Test-only upstream node: emits the JSON items in its `items` parameter, so the Kustomer
 * node downstream reads its fields through real n8n expressions ({{ $json.email }}). An
 * item's `$binary` entry becomes its binary properties, stored through n8n's own
 * prepareBinaryData (in memory, or in the filesystem when a test sets that mode up).
 */
export class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [
			await Promise.all(
				items.map(async ({ $binary, ...json }) => {
					const item: INodeExecutionData = { json, pairedItem: { item: 0 } };
					if (!$binary) return item;
					item.binary = {};
					for (const [property, file] of Object.entries($binary as Record<string, TestFile>)) {
						const bytes = file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : Buffer.from(file.text ?? '', 'utf8');
						item.binary[property] = await this.helpers.prepareBinaryData(bytes, file.fileName, file.mimeType);
						if (file.declaredBytes !== undefined) item.binary[property].bytes = file.declaredBytes;
					}
					return item;
				}),
			),
		];
	}
}
