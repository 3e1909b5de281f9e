/**
 * The standard attributes Kustomer's search takes, per record type, without their prefix: the
 * "Standard attributes JSON Schema" of POST /customers/search in Kustomer's OpenAPI file
 * (openapi-core-resources.json), customer_* and conversation_*. Criteria rows offer them in a
 * picker with the org's custom attributes (methods/loadOptions.ts, getSearchFields).
 */
export const STANDARD_SEARCH_ATTRIBUTES: Record<'customer' | 'conversation', readonly string[]> = {
	customer: [
		'any_text', 'name', 'gender', 'presence', 'email', 'shared_email', 'phone', 'shared_phone', 'urls', 'address',
		'locale', 'activity_at', 'last_seen_at', 'signed_up_at', 'last_message_sent_at', 'last_message_out_sent_at',
		'last_message_unresponded_to_sent_at', 'last_message_at', 'externalId', 'shared_externalId', 'created_at',
		'updated_at', 'modified_at', 'created_by', 'modified_by', 'satisfaction_avg_score', 'satisfaction_avg_rating',
		'conversations_count', 'status', 'progressive_status', 'active_users', 'watchers', 'tags', 'sentiment',
		'social_type', 'social_userid', 'social_username', 'shared_social_type', 'shared_social_userid',
		'shared_social_username', 'default_lang', 'imported_at', 'imported',
	],
	conversation: [
		'any_text', 'name', 'sentiment', 'status', 'sub_status', 'created_at', 'updated_at', 'modified_at', 'modified_by',
		'message_count', 'note_count', 'satisfaction_survey_id', 'satisfaction_sent_by', 'satisfaction_sent_by_teams',
		'satisfaction_created_at', 'satisfaction_score', 'satisfaction_rating', 'satisfaction_status', 'channels',
		'satisfaction', 'priority', 'tags', 'assigned_users', 'assigned_teams', 'last_message_sent_at',
		'last_message_out_sent_at', 'last_message_unresponded_to_sent_at', 'last_message_at', 'first_response_sent_at',
		'first_response_time', 'first_response_created_by', 'last_response_created_by', 'last_message_direction',
		'direction', 'outbound_message_count', 'customer_id', 'campaign_id', 'first_message_in_sent_at',
		'first_message_in_direction_type', 'first_message_in_channel', 'first_message_out_sent_at',
		'first_message_out_direction_type', 'first_message_out_channel', 'time_created_at', 'time_conversation_id',
		'time_created_by_teams', 'time_assigned_users', 'time_assigned_teams', 'time_touched', 'time_reopened',
		'time_snoozed', 'time_resolved', 'time_message_at', 'time_message_time', 'time_messages_sent', 'time_note_at',
		'time_note_time', 'time_notes_sent', 'time_handle_at', 'time_handle_time', 'time_channels', 'default_lang',
		'sla_status', 'sla_version_id', 'sla_id', 'sla_breached', 'sla_breach_at', 'sla_satisfied_at', 'sla_breach_metric',
		'first_done_created_by', 'last_done_created_at', 'last_done_created_by', 'last_done_created_by_teams',
		'reply_channel', 'queue', 'external_queue', 'ended', 'ended_at', 'ended_reason', 'imported_at', 'imported',
	],
};
