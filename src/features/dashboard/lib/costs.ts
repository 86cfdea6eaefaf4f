/** What the dashboard's AI actions cost (the server decides; these label buttons). */
export const GENERATE_COST = 15;
export const SCRAPE_COST = 5;
export const MESSAGE_COST = 3;

export const GENERATE_ACTION = "Generating a project";
export const SCRAPE_ACTION = "Adding a page from a URL";
export const MESSAGE_ACTION = "Sending a message";
