import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// A reply counts as stuck after 10 minutes; sweeping every minute ends it soon after.
crons.interval("sweep stuck chat replies", { minutes: 1 }, internal.chat.sweeper.sweepStuck, {});

export default crons;
