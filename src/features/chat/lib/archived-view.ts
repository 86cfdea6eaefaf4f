/** The chat page's search parameter that opens the Archived view (so the palette and links can open it). */
export const ARCHIVED_VIEW_PARAM = "view";
export const ARCHIVED_VIEW = `${ARCHIVED_VIEW_PARAM}=archived`;
/** The search parameter naming a message to scroll to and highlight (search results). */
export const MESSAGE_PARAM = "message";
