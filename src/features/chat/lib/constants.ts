/** Mirrors the server: one user turn costs 3 credits, messages cap at 16,000 chars. */
export const MESSAGE_COST = 3;
export const MAX_MESSAGE_LENGTH = 16_000;
/** The character counter appears once a draft gets this close to the limit. */
export const COUNTER_FROM = 14_000;
export const SEND_ACTION_LABEL = "Sending a message";
/** The message box's element id (its label and focus return point to it). */
export const COMPOSER_ID = "chat-input";
