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
import type * as billing_sync from "../billing/sync.js";
import type * as billing_webhook from "../billing/webhook.js";
import type * as chat_allowance from "../chat/allowance.js";
import type * as chat_archive from "../chat/archive.js";
import type * as chat_generate from "../chat/generate.js";
import type * as chat_instructions from "../chat/instructions.js";
import type * as chat_messages from "../chat/messages.js";
import type * as chat_models from "../chat/models.js";
import type * as chat_prompt from "../chat/prompt.js";
import type * as chat_search from "../chat/search.js";
import type * as chat_sessions from "../chat/sessions.js";
import type * as chat_streaming from "../chat/streaming.js";
import type * as chat_sweeper from "../chat/sweeper.js";
import type * as chat_versions from "../chat/versions.js";
import type * as credits from "../credits.js";
import type * as crons from "../crons.js";
import type * as errors from "../errors.js";
import type * as exports from "../exports.js";
import type * as functions from "../functions.js";
import type * as guest_claim from "../guest/claim.js";
import type * as guest_expiry from "../guest/expiry.js";
import type * as guest_identity from "../guest/identity.js";
import type * as http from "../http.js";
import type * as model_ai_catalogue from "../model/ai/catalogue.js";
import type * as model_ai_client from "../model/ai/client.js";
import type * as model_ai_errors from "../model/ai/errors.js";
import type * as model_ai_llm from "../model/ai/llm.js";
import type * as model_ai_models from "../model/ai/models.js";
import type * as model_ai_types from "../model/ai/types.js";
import type * as model_ai_wire from "../model/ai/wire.js";
import type * as model_billing_appUrl from "../model/billing/appUrl.js";
import type * as model_billing_autumn from "../model/billing/autumn.js";
import type * as model_billing_catalogue from "../model/billing/catalogue.js";
import type * as model_billing_checkouts from "../model/billing/checkouts.js";
import type * as model_billing_credits from "../model/billing/credits.js";
import type * as model_billing_customerSync from "../model/billing/customerSync.js";
import type * as model_billing_fulfilment from "../model/billing/fulfilment.js";
import type * as model_billing_proCheck from "../model/billing/proCheck.js";
import type * as model_billing_proStatus from "../model/billing/proStatus.js";
import type * as model_billing_purchases from "../model/billing/purchases.js";
import type * as model_billing_requiredAction from "../model/billing/requiredAction.js";
import type * as model_billing_usage from "../model/billing/usage.js";
import type * as model_billing_webhook from "../model/billing/webhook.js";
import type * as model_budget from "../model/budget.js";
import type * as model_chat_archive from "../model/chat/archive.js";
import type * as model_chat_dailyCap from "../model/chat/dailyCap.js";
import type * as model_chat_history from "../model/chat/history.js";
import type * as model_chat_instructions from "../model/chat/instructions.js";
import type * as model_chat_liveText from "../model/chat/liveText.js";
import type * as model_chat_messages from "../model/chat/messages.js";
import type * as model_chat_metering from "../model/chat/metering.js";
import type * as model_chat_models from "../model/chat/models.js";
import type * as model_chat_prompt from "../model/chat/prompt.js";
import type * as model_chat_reply from "../model/chat/reply.js";
import type * as model_chat_search from "../model/chat/search.js";
import type * as model_chat_searchValidators from "../model/chat/searchValidators.js";
import type * as model_chat_sessions from "../model/chat/sessions.js";
import type * as model_chat_snippet from "../model/chat/snippet.js";
import type * as model_chat_streamBuffer from "../model/chat/streamBuffer.js";
import type * as model_chat_streaming from "../model/chat/streaming.js";
import type * as model_chat_tokens from "../model/chat/tokens.js";
import type * as model_chat_tree from "../model/chat/tree.js";
import type * as model_chat_turnAllowance from "../model/chat/turnAllowance.js";
import type * as model_chat_usageByModel from "../model/chat/usageByModel.js";
import type * as model_chat_validators from "../model/chat/validators.js";
import type * as model_chat_versions from "../model/chat/versions.js";
import type * as model_components from "../model/components.js";
import type * as model_config from "../model/config.js";
import type * as model_counters from "../model/counters.js";
import type * as model_exports from "../model/exports.js";
import type * as model_guest_budget from "../model/guest/budget.js";
import type * as model_guest_claim from "../model/guest/claim.js";
import type * as model_guest_expiry from "../model/guest/expiry.js";
import type * as model_guest_guests from "../model/guest/guests.js";
import type * as model_guest_rules from "../model/guest/rules.js";
import type * as model_guest_token from "../model/guest/token.js";
import type * as model_pagination from "../model/pagination.js";
import type * as model_projects_generation from "../model/projects/generation.js";
import type * as model_projects_jobs from "../model/projects/jobs.js";
import type * as model_projects_projects from "../model/projects/projects.js";
import type * as model_projects_scrape_addressPolicy from "../model/projects/scrape/addressPolicy.js";
import type * as model_projects_scrape_extract from "../model/projects/scrape/extract.js";
import type * as model_projects_scrape_fetchPage from "../model/projects/scrape/fetchPage.js";
import type * as model_projects_scrape_scrapeUrl from "../model/projects/scrape/scrapeUrl.js";
import type * as model_projects_scrape_text from "../model/projects/scrape/text.js";
import type * as model_projects_scrape_url from "../model/projects/scrape/url.js";
import type * as model_rateLimits from "../model/rateLimits.js";
import type * as model_scheduled from "../model/scheduled.js";
import type * as model_users from "../model/users.js";
import type * as ownerFunctions from "../ownerFunctions.js";
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
  "billing/sync": typeof billing_sync;
  "billing/webhook": typeof billing_webhook;
  "chat/allowance": typeof chat_allowance;
  "chat/archive": typeof chat_archive;
  "chat/generate": typeof chat_generate;
  "chat/instructions": typeof chat_instructions;
  "chat/messages": typeof chat_messages;
  "chat/models": typeof chat_models;
  "chat/prompt": typeof chat_prompt;
  "chat/search": typeof chat_search;
  "chat/sessions": typeof chat_sessions;
  "chat/streaming": typeof chat_streaming;
  "chat/sweeper": typeof chat_sweeper;
  "chat/versions": typeof chat_versions;
  credits: typeof credits;
  crons: typeof crons;
  errors: typeof errors;
  exports: typeof exports;
  functions: typeof functions;
  "guest/claim": typeof guest_claim;
  "guest/expiry": typeof guest_expiry;
  "guest/identity": typeof guest_identity;
  http: typeof http;
  "model/ai/catalogue": typeof model_ai_catalogue;
  "model/ai/client": typeof model_ai_client;
  "model/ai/errors": typeof model_ai_errors;
  "model/ai/llm": typeof model_ai_llm;
  "model/ai/models": typeof model_ai_models;
  "model/ai/types": typeof model_ai_types;
  "model/ai/wire": typeof model_ai_wire;
  "model/billing/appUrl": typeof model_billing_appUrl;
  "model/billing/autumn": typeof model_billing_autumn;
  "model/billing/catalogue": typeof model_billing_catalogue;
  "model/billing/checkouts": typeof model_billing_checkouts;
  "model/billing/credits": typeof model_billing_credits;
  "model/billing/customerSync": typeof model_billing_customerSync;
  "model/billing/fulfilment": typeof model_billing_fulfilment;
  "model/billing/proCheck": typeof model_billing_proCheck;
  "model/billing/proStatus": typeof model_billing_proStatus;
  "model/billing/purchases": typeof model_billing_purchases;
  "model/billing/requiredAction": typeof model_billing_requiredAction;
  "model/billing/usage": typeof model_billing_usage;
  "model/billing/webhook": typeof model_billing_webhook;
  "model/budget": typeof model_budget;
  "model/chat/archive": typeof model_chat_archive;
  "model/chat/dailyCap": typeof model_chat_dailyCap;
  "model/chat/history": typeof model_chat_history;
  "model/chat/instructions": typeof model_chat_instructions;
  "model/chat/liveText": typeof model_chat_liveText;
  "model/chat/messages": typeof model_chat_messages;
  "model/chat/metering": typeof model_chat_metering;
  "model/chat/models": typeof model_chat_models;
  "model/chat/prompt": typeof model_chat_prompt;
  "model/chat/reply": typeof model_chat_reply;
  "model/chat/search": typeof model_chat_search;
  "model/chat/searchValidators": typeof model_chat_searchValidators;
  "model/chat/sessions": typeof model_chat_sessions;
  "model/chat/snippet": typeof model_chat_snippet;
  "model/chat/streamBuffer": typeof model_chat_streamBuffer;
  "model/chat/streaming": typeof model_chat_streaming;
  "model/chat/tokens": typeof model_chat_tokens;
  "model/chat/tree": typeof model_chat_tree;
  "model/chat/turnAllowance": typeof model_chat_turnAllowance;
  "model/chat/usageByModel": typeof model_chat_usageByModel;
  "model/chat/validators": typeof model_chat_validators;
  "model/chat/versions": typeof model_chat_versions;
  "model/components": typeof model_components;
  "model/config": typeof model_config;
  "model/counters": typeof model_counters;
  "model/exports": typeof model_exports;
  "model/guest/budget": typeof model_guest_budget;
  "model/guest/claim": typeof model_guest_claim;
  "model/guest/expiry": typeof model_guest_expiry;
  "model/guest/guests": typeof model_guest_guests;
  "model/guest/rules": typeof model_guest_rules;
  "model/guest/token": typeof model_guest_token;
  "model/pagination": typeof model_pagination;
  "model/projects/generation": typeof model_projects_generation;
  "model/projects/jobs": typeof model_projects_jobs;
  "model/projects/projects": typeof model_projects_projects;
  "model/projects/scrape/addressPolicy": typeof model_projects_scrape_addressPolicy;
  "model/projects/scrape/extract": typeof model_projects_scrape_extract;
  "model/projects/scrape/fetchPage": typeof model_projects_scrape_fetchPage;
  "model/projects/scrape/scrapeUrl": typeof model_projects_scrape_scrapeUrl;
  "model/projects/scrape/text": typeof model_projects_scrape_text;
  "model/projects/scrape/url": typeof model_projects_scrape_url;
  "model/rateLimits": typeof model_rateLimits;
  "model/scheduled": typeof model_scheduled;
  "model/users": typeof model_users;
  ownerFunctions: typeof ownerFunctions;
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
