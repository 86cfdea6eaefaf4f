import { defineSchema, defineTable } from "convex/server";
import { v, type Infer } from "convex/values";

/*
 * Shared validators. Functions import these instead of re-declaring shapes so
 * that args/returns validators and the tables can never drift apart.
 */

export const planValidator = v.union(v.literal("free"), v.literal("pro"));
export type Plan = Infer<typeof planValidator>;

/** Helm's product keys; Autumn ids come from configuration (`productIds()`). */
export const productKeyValidator = v.union(
  v.literal("pro"),
  v.literal("pack500"),
  v.literal("pack1000"),
  v.literal("pack5000"),
);
export type ProductKey = Infer<typeof productKeyValidator>;

/** What a debit paid for. Costs live in `model/billing/credits.ts`. */
export const creditActionValidator = v.union(
  v.literal("chat"),
  v.literal("projectGeneration"),
  v.literal("urlScrape"),
);
export type CreditAction = Infer<typeof creditActionValidator>;

export const ledgerKindValidator = v.union(
  v.literal("signup_grant"),
  v.literal("monthly_reset"),
  v.literal("debit"),
  v.literal("refund"),
  v.literal("purchase"),
  v.literal("admin_adjust"),
);
export type LedgerKind = Infer<typeof ledgerKindValidator>;

/** What a ledger row points at: a message, a project, a URL, a webhook event… */
export const ledgerRefValidator = v.object({
  type: v.union(
    v.literal("message"),
    v.literal("project"),
    v.literal("url"),
    v.literal("webhookEvent"),
    /** A pack purchase from Autumn's customer API; `id` is its identity (model/billing/purchases.ts). */
    v.literal("autumnPurchase"),
    v.literal("job"),
    v.literal("admin"),
  ),
  id: v.string(),
});
export type LedgerRef = Infer<typeof ledgerRefValidator>;

export const messageRoleValidator = v.union(
  v.literal("user"),
  v.literal("assistant"),
  v.literal("system"),
);
export const messageStatusValidator = v.union(
  v.literal("streaming"),
  v.literal("complete"),
  v.literal("error"),
  v.literal("stopped"),
);
export type MessageStatus = Infer<typeof messageStatusValidator>;

export const tokenUsageValidator = v.object({
  input: v.number(),
  /** Includes `reasoning`. */
  output: v.number(),
  /** Hidden thinking tokens, when the provider reported them. */
  reasoning: v.optional(v.number()),
  /** Counted by Helm's tokenizer because the provider reported nothing (e.g. a stopped reply). */
  estimated: v.optional(v.boolean()),
});

/** A chat's running totals, kept by each reply's finalize (model/chat/metering.ts). */
export const chatTotalsValidator = v.object({
  /** Replies that were answered (not failed, not stopped before any text). */
  replies: v.number(),
  inputTokens: v.number(),
  /** Includes reasoning tokens. */
  outputTokens: v.number(),
  reasoningTokens: v.number(),
  /** Credits charged (0 on Pro, and for refunded replies). */
  credits: v.number(),
  /** Estimated provider cost, in micro-USD (integers: sums never drift). */
  costMicroUsd: v.number(),
});
export type ChatTotals = Infer<typeof chatTotalsValidator>;

export const taskStatusValidator = v.union(
  v.literal("todo"),
  v.literal("in_progress"),
  v.literal("done"),
);
export type TaskStatus = Infer<typeof taskStatusValidator>;

export const jobKindValidator = v.union(
  v.literal("projectGeneration"),
  v.literal("urlScrape"),
);
export const jobStatusValidator = v.union(
  v.literal("pending"),
  v.literal("running"),
  v.literal("succeeded"),
  v.literal("failed"),
);

/** The fields of an `aiJobs` row a client may see (its owner and debit key stay private). */
export const aiJobPublicFields = {
  kind: jobKindValidator,
  status: jobStatusValidator,
  input: v.string(),
  projectId: v.optional(v.id("projects")),
  error: v.optional(v.string()),
  errorCode: v.optional(v.string()),
  createdAt: v.number(),
  updatedAt: v.number(),
  /** When the worker began; the job's time limit counts from here, not from the queue. */
  startedAt: v.optional(v.number()),
};

/* ---------------------------------------------------------------- users */

const userTables = {
  users: defineTable({
    tokenIdentifier: v.string(),
    /** The auth provider's user id (`subject`); Autumn's customer id. */
    externalId: v.string(),
    name: v.string(),
    email: v.optional(v.string()),
    imageUrl: v.optional(v.string()),
    createdAt: v.number(),
    /** Model catalogue id for new chats and Quick Chat (unset: the catalogue's default). */
    defaultModelId: v.optional(v.string()),
    /**
     * "guest": a signed-out visitor (model/guest/guests.ts), keyed by the hash
     * of the token their browser keeps (`tokenIdentifier` = "guest:<sha-256>").
     * Guests have no usage row, credits or ledger. Unset: a signed-in user.
     */
    kind: v.optional(v.literal("guest")),
    /** Guests: last day the browser opened the app (moved at most daily); expiry counts from it. */
    lastSeenAt: v.optional(v.number()),
    /** Guests: the account their chats moved to on sign-in; the token is spent. */
    claimedBy: v.optional(v.id("users")),
    claimedAt: v.optional(v.number()),
  })
    .index("by_tokenIdentifier", ["tokenIdentifier"])
    .index("by_externalId", ["externalId"])
    .index("by_kind_and_lastSeenAt", ["kind", "lastSeenAt"]),
};

/* -------------------------------------------------------------- credits */

const creditTables = {
  /** One per user. Balance = creditsRemaining + purchasedCredits. */
  userUsage: defineTable({
    userId: v.id("users"),
    /** Monthly allowance left this month. */
    creditsRemaining: v.number(),
    /** Size of the monthly allowance (100 on the free plan). */
    creditsTotal: v.number(),
    /** Start (UTC ms) of the month the allowance was last reset for. */
    lastCreditReset: v.number(),
    /** Bought credits: never reset, spent after the allowance. */
    purchasedCredits: v.number(),
    plan: planValidator,
    /** When Pro access ends (ms) unless Autumn says otherwise first; past it the user is free again. */
    proCurrentPeriodEnd: v.optional(v.number()),
    /** The date the UI shows: the next renewal, or the end of a cancelled subscription. */
    proPeriodEnd: v.optional(v.number()),
    /** True when the Pro subscription is cancelled and ends at `proPeriodEnd`. */
    proCanceled: v.optional(v.boolean()),
    /** Last time Pro status was read from Autumn's customer API. */
    proCheckedAt: v.optional(v.number()),
    /** When a Pro user is next due a check against the customer API (unset: never checked, due now). */
    proNextCheckAt: v.optional(v.number()),
    /** Premium-model messages this month (since lastCreditReset); free plan only, capped. */
    premiumUsed: v.optional(v.number()),
    updatedAt: v.number(),
  })
    .index("by_userId", ["userId"])
    .index("by_plan_and_proNextCheckAt", ["plan", "proNextCheckAt"]),

  /**
   * Append-only. For every user, the sum of `amount` equals the balance.
   * Pro debits have amount 0 and carry the nominal `cost`.
   */
  creditLedger: defineTable({
    userId: v.id("users"),
    kind: ledgerKindValidator,
    amount: v.number(),
    balanceAfter: v.number(),
    /** Nominal cost of the action for debits (also on Pro, where amount is 0). */
    cost: v.optional(v.number()),
    action: v.optional(creditActionValidator),
    /** How a debit split across the buckets, so a refund can restore it exactly. */
    fromAllowance: v.optional(v.number()),
    fromPurchased: v.optional(v.number()),
    ref: v.optional(ledgerRefValidator),
    idempotencyKey: v.string(),
    note: v.optional(v.string()),
    /** Model catalogue id a chat debit (or its refund) was for. */
    model: v.optional(v.string()),
    /** This debit counted toward the free plan's premium cap (its refund gives the count back). */
    premium: v.optional(v.boolean()),
    createdAt: v.number(),
  })
    .index("by_userId", ["userId"])
    .index("by_idempotencyKey", ["idempotencyKey"]),

  /**
   * Named monotonic counters, one per user (e.g. chat display ids), so no
   * row is touched by every user's traffic. Rows without a user are the
   * deployment-wide counter display ids came from before; nothing reads them.
   */
  counters: defineTable({
    userId: v.optional(v.id("users")),
    name: v.string(),
    value: v.number(),
  }).index("by_userId_and_name", ["userId", "name"]),
};

/* ----------------------------------------------------------------- chat */

/**
 * Where a message sits in its chat's tree of versions (model/chat/tree.ts).
 * Messages from before versions have none of these: their chat is one line.
 */
const messageTreeFields = {
  /** The message this one answers or follows; null for a chat's first message(s); unset before versions. */
  parentId: v.optional(v.union(v.id("chatMessages"), v.null())),
  /** Set when the message is not on the chat's chosen path (an earlier version or its branch). */
  offPath: v.optional(v.boolean()),
  /** When this version was last chosen among its siblings: the newest one is followed down a branch. */
  selectedAt: v.optional(v.number()),
  /** 1-based position among its versions, and how many there are (unset: the only one). */
  version: v.optional(v.number()),
  versionCount: v.optional(v.number()),
  /** A continued reply: the stopped reply it continues, whose text it starts with. */
  continuesId: v.optional(v.id("chatMessages")),
  prefixLength: v.optional(v.number()),
};

const chatTables = {
  chatSessions: defineTable({
    userId: v.id("users"),
    /** `CH-` + 6 digits from the user's counter; unique among the user's chats, never reused. */
    displayId: v.string(),
    title: v.string(),
    createdAt: v.number(),
    updatedAt: v.number(),
    messageCount: v.number(),
    /** The "Include my projects & tasks" toggle, remembered per session. */
    includeContext: v.optional(v.boolean()),
    /** The chat's model (catalogue id), remembered; a removed one asks for another on the next send. */
    modelId: v.optional(v.string()),
    totals: v.optional(chatTotalsValidator),
    /** The newest message on the chosen path (model/chat/tree.ts); unset on chats from before versions (one line). */
    leafId: v.optional(v.id("chatMessages")),
    /** The reply that streams, or last streamed: what `messages.chatLive` follows (model/chat/liveText.ts). */
    liveReplyId: v.optional(v.id("chatMessages")),
    /** Instructions for this chat only, sent to the model as system context (model/chat/instructions.ts). */
    instructions: v.optional(v.string()),
    /** When the chat was archived: out of the sidebar and Quick Chat, in the Archived view (model/chat/archive.ts). */
    archivedAt: v.optional(v.number()),
    /** Guest chats only: deleted after this (30 days after the last message; model/guest/expiry.ts). */
    expiresAt: v.optional(v.number()),
  })
    // Named by the design (PRODUCT.md §4); sorts by creation, unlike the updatedAt index.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_userId", ["userId"])
    .index("by_userId_and_displayId", ["userId", "displayId"])
    .index("by_userId_and_updatedAt", ["userId", "updatedAt"])
    // Active chats are archivedAt undefined; the Archived view reads the rest, newest archive first.
    .index("by_userId_and_archivedAt_and_updatedAt", ["userId", "archivedAt", "updatedAt"])
    .searchIndex("search_title", { searchField: "title", filterFields: ["userId"] })
    .index("by_expiresAt", ["expiresAt"]),

  chatMessages: defineTable({
    sessionId: v.id("chatSessions"),
    userId: v.id("users"),
    role: messageRoleValidator,
    /** Final text. Empty while streaming: partial text lives in `streamChunks`. */
    content: v.string(),
    tokens: v.optional(tokenUsageValidator),
    creditsUsed: v.number(),
    status: messageStatusValidator,
    error: v.optional(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
    completedAt: v.optional(v.number()),
    /** Model/deployment that produced an assistant reply. */
    model: v.optional(v.string()),
    /** Catalogue id of the model chosen for this reply (`model` is the model's own name). */
    modelId: v.optional(v.string()),
    /** Estimated provider cost of this reply from the catalogue's prices, in micro-USD. */
    costMicroUsd: v.optional(v.number()),
    /** Which provider answered: "azure", "openai" or "offline". */
    provider: v.optional(v.string()),
    /** Client-generated key of the send that created this message. */
    clientRequestId: v.optional(v.string()),
    /**
     * The tab that sent this user message (a random id per page load): the
     * newer rows leave its text out for that tab only (model/chat/history.ts).
     */
    tab: v.optional(v.string()),
    /** Ledger idempotency key of the debit that paid for this turn. */
    debitKey: v.optional(v.string()),
    includeContext: v.optional(v.boolean()),
    /** The scheduled run that generates this reply: while it waits for a slot, the reply is queued, not dead. */
    replyJobId: v.optional(v.id("_scheduled_functions")),
    /** When generation began (unset while the reply waits for a free scheduler slot). */
    startedAt: v.optional(v.number()),
    /** Characters of the final text that watchers received as live text (stream groups); the rest is the tail. */
    sealedLength: v.optional(v.number()),
    /** The day's message this reply took under a daily cap (model/chat/dailyCap.ts): returned if it fails. */
    dailyMessage: v.optional(
      v.object({ day: v.number(), plan: v.union(v.literal("free"), v.literal("pro"), v.literal("guest")) }),
    ),
    ...messageTreeFields,
  })
    // Sorted by _creationTime: deletes, and the prompt and tree of chats from before versions, read it.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_sessionId", ["sessionId"])
    // Every message of a chat by createdAt, versions included (the chat view reads the offPath index below).
    .index("by_sessionId_and_createdAt", ["sessionId", "createdAt"])
    // Named by the design (PRODUCT.md §4); sorts a user's messages by creation.
    // eslint-disable-next-line @convex-dev/no-duplicate-indexes
    .index("by_userId", ["userId"])
    .index("by_userId_and_clientRequestId", ["userId", "clientRequestId"])
    .index("by_status_and_updatedAt", ["status", "updatedAt"])
    // Versions are the children of one parent (model/chat/tree.ts).
    .index("by_sessionId_and_parentId", ["sessionId", "parentId"])
    // What the chat view lists: the chosen path (offPath unset), by createdAt.
    .index("by_sessionId_and_offPath_and_createdAt", ["sessionId", "offPath", "createdAt"])
    // Search is per user: the filter is what keeps another user's words out (model/chat/search.ts).
    .searchIndex("search_content", { searchField: "content", filterFields: ["userId"] }),

  /** Small appended rows holding a streaming reply's text until finalize. */
  streamChunks: defineTable({
    messageId: v.id("chatMessages"),
    seq: v.number(),
    text: v.string(),
  }).index("by_messageId_and_seq", ["messageId", "seq"]),

  /**
   * A sealed run of a streaming reply's chunk rows, [fromSeq, toSeq): what
   * watchers receive as one update of live text (model/chat/liveText.ts).
   * No text of its own; deleted with the chunks.
   */
  streamGroups: defineTable({
    messageId: v.id("chatMessages"),
    index: v.number(),
    fromSeq: v.number(),
    toSeq: v.number(),
  }).index("by_messageId_and_index", ["messageId", "index"]),
};

/* ---------------------------------------------------------------- usage */

const usageTables = {
  /**
   * Per user, UTC day and model: replies, tokens and estimated cost, added to
   * by each reply's finalize, so the usage page reads a month in at most
   * days × models small rows.
   */
  usageDaily: defineTable({
    userId: v.id("users"),
    /** Start of the UTC day (ms). */
    day: v.number(),
    modelId: v.string(),
    replies: v.number(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    reasoningTokens: v.number(),
    costMicroUsd: v.number(),
  }).index("by_userId_and_day_and_modelId", ["userId", "day", "modelId"]),
};

/* --------------------------------------------------------- instructions */

const instructionTables = {
  /** A user's custom instructions, sent with every chat reply (model/chat/instructions.ts). */
  userInstructions: defineTable({
    userId: v.id("users"),
    /** "What should Helm know about you?" */
    about: v.string(),
    /** "How should Helm answer?" */
    style: v.string(),
    updatedAt: v.number(),
  }).index("by_userId", ["userId"]),
};

/* -------------------------------------------------------------- billing */

const billingTables = {
  /** Every webhook event id we have processed; makes redelivery harmless. */
  webhookEvents: defineTable({
    eventId: v.string(),
    type: v.string(),
    outcome: v.union(
      v.literal("processed"),
      v.literal("ignored"),
      v.literal("unknown_customer"),
    ),
    customerId: v.optional(v.string()),
    userId: v.optional(v.id("users")),
    creditsGranted: v.optional(v.number()),
    receivedAt: v.number(),
  })
    .index("by_eventId", ["eventId"])
    .index("by_userId", ["userId"]),

  /**
   * One per checkout Helm starts. Repeated Buy clicks reuse the open one, so
   * Autumn sees identical attach parameters and keeps its open checkout; the
   * return page watches it; open pack checkouts are reconciled on a schedule.
   */
  checkouts: defineTable({
    userId: v.id("users"),
    product: productKeyValidator,
    status: v.union(v.literal("open"), v.literal("complete"), v.literal("expired")),
    startedAt: v.number(),
    updatedAt: v.number(),
    creditsGranted: v.optional(v.number()),
    /** When the schedule next reconciles this checkout's purchases (open pack checkouts only). */
    nextCheckAt: v.optional(v.number()),
    checks: v.number(),
  })
    .index("by_userId_and_product_and_status", ["userId", "product", "status"])
    .index("by_status_and_nextCheckAt", ["status", "nextCheckAt"]),
};

/* ------------------------------------------------------------ workspace */

const workspaceTables = {
  projects: defineTable({
    userId: v.id("users"),
    name: v.string(),
    description: v.string(),
    source: v.union(v.literal("manual"), v.literal("ai"), v.literal("url")),
    createdAt: v.number(),
    updatedAt: v.number(),
    /** Denormalised so the project list shows progress without reading tasks. */
    taskCount: v.optional(v.number()),
    doneCount: v.optional(v.number()),
    /** The project's address, per user ("PJ-000007"); unset on projects made before it (they keep their id). */
    displayId: v.optional(v.string()),
  })
    .index("by_userId_and_updatedAt", ["userId", "updatedAt"])
    .index("by_userId_and_displayId", ["userId", "displayId"]),

  tasks: defineTable({
    projectId: v.id("projects"),
    userId: v.id("users"),
    title: v.string(),
    status: taskStatusValidator,
    order: v.number(),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_projectId_and_order", ["projectId", "order"])
    .index("by_userId_and_status", ["userId", "status"]),

  /** Pages attached to a project by URL scraping (bounded excerpt). */
  projectSources: defineTable({
    projectId: v.id("projects"),
    userId: v.id("users"),
    url: v.string(),
    title: v.string(),
    excerpt: v.string(),
    createdAt: v.number(),
  })
    .index("by_projectId", ["projectId"])
    .index("by_userId", ["userId"]),

  /** Paid AI work outside the chat (generation, scraping), watched by the UI. */
  aiJobs: defineTable({
    userId: v.id("users"),
    ...aiJobPublicFields,
    debitKey: v.string(),
    /** The worker's scheduled run: while it waits for a slot, the job is queued, not dead. */
    workerId: v.optional(v.id("_scheduled_functions")),
  })
    .index("by_userId", ["userId"])
    .index("by_debitKey", ["debitKey"]),
};

export default defineSchema({
  ...userTables,
  ...creditTables,
  ...chatTables,
  ...usageTables,
  ...instructionTables,
  ...billingTables,
  ...workspaceTables,
});
