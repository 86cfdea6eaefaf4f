import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// A reply counts as stuck after 10 minutes; sweeping every minute ends it soon after.
crons.interval("sweep stuck chat replies", { minutes: 1 }, internal.chat.sweeper.sweepStuck, {});

// Billing: Pro users are re-read from Autumn's customer API so Pro renews and
// ends on time even when a webhook is lost (bounded and staggered, see
// billing/sync.ts); open checkouts are reconciled in case their webhook was lost.
crons.interval("re-check Pro users against Autumn", { minutes: 10 }, internal.billing.sync.sweepProChecks, {});
crons.interval("reconcile open checkouts", { minutes: 1 }, internal.billing.sync.sweepCheckouts, {});

// Guest chats are deleted 30 days after their last message (bounded batches, guest/expiry.ts).
crons.interval("expire guest chats", { hours: 1 }, internal.guest.expiry.sweep, {});

export default crons;
