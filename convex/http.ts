import { httpRouter } from "convex/server";
import { autumnWebhook } from "./billing/webhook";

const http = httpRouter();

// Autumn (Svix-signed) billing events; see convex/billing/webhook.ts.
http.route({ path: "/webhooks/autumn", method: "POST", handler: autumnWebhook });

export default http;
