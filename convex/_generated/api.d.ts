/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as billing_catalogue from "../billing/catalogue.js";
import type * as billing_checkout from "../billing/checkout.js";
import type * as billing_plan from "../billing/plan.js";
import type * as billing_purchases from "../billing/purchases.js";
import type * as billing_webhook from "../billing/webhook.js";
import type * as chat_generate from "../chat/generate.js";
import type * as chat_messages from "../chat/messages.js";
import type * as chat_prompt from "../chat/prompt.js";
import type * as chat_sessions from "../chat/sessions.js";
import type * as chat_streaming from "../chat/streaming.js";
import type * as chat_sweeper from "../chat/sweeper.js";
import type * as credits from "../credits.js";
import type * as crons from "../crons.js";
import type * as errors from "../errors.js";
import type * as functions from "../functions.js";
import type * as http from "../http.js";
import type * as model_aiJobs from "../model/aiJobs.js";
import type * as model_billing from "../model/billing.js";
import type * as model_billingAutumn from "../model/billingAutumn.js";
import type * as model_billingFulfilment from "../model/billingFulfilment.js";
import type * as model_billingWebhook from "../model/billingWebhook.js";
import type * as model_budget from "../model/budget.js";
import type * as model_chat from "../model/chat.js";
import type * as model_chatValidators from "../model/chatValidators.js";
import type * as model_components from "../model/components.js";
import type * as model_config from "../model/config.js";
import type * as model_counters from "../model/counters.js";
import type * as model_credits from "../model/credits.js";
import type * as model_generation from "../model/generation.js";
import type * as model_llm from "../model/llm.js";
import type * as model_llmErrors from "../model/llmErrors.js";
import type * as model_pagination from "../model/pagination.js";
import type * as model_projects from "../model/projects.js";
import type * as model_prompt from "../model/prompt.js";
import type * as model_reply from "../model/reply.js";
import type * as model_scrape_addressPolicy from "../model/scrape/addressPolicy.js";
import type * as model_scrape_extract from "../model/scrape/extract.js";
import type * as model_scrape_fetchPage from "../model/scrape/fetchPage.js";
import type * as model_scrape_scrapeUrl from "../model/scrape/scrapeUrl.js";
import type * as model_scrape_text from "../model/scrape/text.js";
import type * as model_scrape_url from "../model/scrape/url.js";
import type * as model_sessions from "../model/sessions.js";
import type * as model_streamBuffer from "../model/streamBuffer.js";
import type * as model_streaming from "../model/streaming.js";
import type * as model_tokens from "../model/tokens.js";
import type * as model_usage from "../model/usage.js";
import type * as model_users from "../model/users.js";
import type * as projects_generate from "../projects/generate.js";
import type * as projects_jobs from "../projects/jobs.js";
import type * as projects_projects from "../projects/projects.js";
import type * as projects_scrape from "../projects/scrape.js";
import type * as projects_scrapeWorker from "../projects/scrapeWorker.js";
import type * as projects_sources from "../projects/sources.js";
import type * as projects_tasks from "../projects/tasks.js";
import type * as usage from "../usage.js";
import type * as users from "../users.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  "billing/catalogue": typeof billing_catalogue;
  "billing/checkout": typeof billing_checkout;
  "billing/plan": typeof billing_plan;
  "billing/purchases": typeof billing_purchases;
  "billing/webhook": typeof billing_webhook;
  "chat/generate": typeof chat_generate;
  "chat/messages": typeof chat_messages;
  "chat/prompt": typeof chat_prompt;
  "chat/sessions": typeof chat_sessions;
  "chat/streaming": typeof chat_streaming;
  "chat/sweeper": typeof chat_sweeper;
  credits: typeof credits;
  crons: typeof crons;
  errors: typeof errors;
  functions: typeof functions;
  http: typeof http;
  "model/aiJobs": typeof model_aiJobs;
  "model/billing": typeof model_billing;
  "model/billingAutumn": typeof model_billingAutumn;
  "model/billingFulfilment": typeof model_billingFulfilment;
  "model/billingWebhook": typeof model_billingWebhook;
  "model/budget": typeof model_budget;
  "model/chat": typeof model_chat;
  "model/chatValidators": typeof model_chatValidators;
  "model/components": typeof model_components;
  "model/config": typeof model_config;
  "model/counters": typeof model_counters;
  "model/credits": typeof model_credits;
  "model/generation": typeof model_generation;
  "model/llm": typeof model_llm;
  "model/llmErrors": typeof model_llmErrors;
  "model/pagination": typeof model_pagination;
  "model/projects": typeof model_projects;
  "model/prompt": typeof model_prompt;
  "model/reply": typeof model_reply;
  "model/scrape/addressPolicy": typeof model_scrape_addressPolicy;
  "model/scrape/extract": typeof model_scrape_extract;
  "model/scrape/fetchPage": typeof model_scrape_fetchPage;
  "model/scrape/scrapeUrl": typeof model_scrape_scrapeUrl;
  "model/scrape/text": typeof model_scrape_text;
  "model/scrape/url": typeof model_scrape_url;
  "model/sessions": typeof model_sessions;
  "model/streamBuffer": typeof model_streamBuffer;
  "model/streaming": typeof model_streaming;
  "model/tokens": typeof model_tokens;
  "model/usage": typeof model_usage;
  "model/users": typeof model_users;
  "projects/generate": typeof projects_generate;
  "projects/jobs": typeof projects_jobs;
  "projects/projects": typeof projects_projects;
  "projects/scrape": typeof projects_scrape;
  "projects/scrapeWorker": typeof projects_scrapeWorker;
  "projects/sources": typeof projects_sources;
  "projects/tasks": typeof projects_tasks;
  usage: typeof usage;
  users: typeof users;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
