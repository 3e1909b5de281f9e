/**
 * The item a delivery starts an execution with carries, besides the event, which event it is
 * (its key) and which delivery took it (a nonce). n8n stores the items an execution starts
 * with, and its Retry runs them again (packages/cli/src/executions/execution.service.ts,
 * retry: the stored executionData, mode 'retry'), so a retried execution still knows it is
 * the delivery that took its event. The trigger's first step removes the field again: the
 * workflow never sees it.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export const DELIVERY_FIELD = '__kustomerDelivery';

export interface DeliveryMark {
	/** The event's id (or its body's digest). */
	key: string;
	/** This delivery, unique per accepted copy; absent on items a previous version made. */
	nonce?: string;
}

/** The event and delivery an item stands for; items without the field go by their event id. */
export function deliveryOf(item: INodeExecutionData): DeliveryMark | undefined {
	const mark = item.json[DELIVERY_FIELD] as IDataObject | undefined;
	if (mark && typeof mark.key === 'string' && mark.key !== '') {
		return { key: mark.key, nonce: typeof mark.nonce === 'string' && mark.nonce !== '' ? mark.nonce : undefined };
	}
	const id = item.json.eventId ?? item.json.id;
	return typeof id === 'string' && id !== '' ? { key: id } : undefined;
}

/** The item as the workflow sees it: without the delivery field. */
export function withoutMark(item: INodeExecutionData): INodeExecutionData {
	if (!(DELIVERY_FIELD in item.json)) return item;
	const json = { ...item.json };
	delete json[DELIVERY_FIELD];
	return { ...item, json };
}
