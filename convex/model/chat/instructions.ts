import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../../_generated/server";
import { appError, ErrorCode } from "../../errors";
import type { TokenCounter } from "./tokens";

/**
 * Custom instructions: the user's own (about them, and how to answer), sent
 * with every chat reply, and optional instructions for one chat. Both reach
 * the model in the system message, cut to INSTRUCTIONS_TOKEN_BUDGET tokens
 * in the action (the tokenizer stays out of queries and mutations).
 */

export const INSTRUCTION_LIMITS = { about: 1500, style: 1500, chat: 3000 } as const;
/** Tokens all instructions together may take in a prompt; the chat's are kept first. */
export const INSTRUCTIONS_TOKEN_BUDGET = 1200;

export type Instructions = { about?: string; style?: string; chat?: string };

export const USER_HEADING = "## The user's custom instructions";
const USER_PREAMBLE = "The user wrote these for every chat. Follow them unless they conflict with the rules above.";
const ABOUT_LABEL = "What the user wants you to know about them:";
const STYLE_LABEL = "How the user wants you to answer:";
export const CHAT_HEADING = "## The user's instructions for this chat";
const CUT = "…";

/** Trimmed instruction text, or INSTRUCTIONS_TOO_LONG. */
export function validInstruction(field: keyof typeof INSTRUCTION_LIMITS, raw: string): string {
  const text = raw.trim();
  const max = INSTRUCTION_LIMITS[field];
  if (text.length > max) {
    throw appError(
      ErrorCode.INSTRUCTIONS_TOO_LONG,
      `Instructions can be at most ${max.toLocaleString("en-US")} characters (these have ${text.length.toLocaleString("en-US")}).`,
      { field, max },
    );
  }
  return text;
}

export async function userInstructionsRow(ctx: QueryCtx, userId: Id<"users">) {
  return await ctx.db
    .query("userInstructions")
    .withIndex("by_userId", (q) => q.eq("userId", userId))
    .unique();
}

/** Saves the user's custom instructions; both empty removes them. */
export async function saveUserInstructions(
  ctx: MutationCtx,
  userId: Id<"users">,
  raw: { about: string; style: string },
): Promise<void> {
  const about = validInstruction("about", raw.about);
  const style = validInstruction("style", raw.style);
  const row = await userInstructionsRow(ctx, userId);
  if (about === "" && style === "") {
    if (row) await ctx.db.delete("userInstructions", row._id);
    return;
  }
  const fields = { about, style, updatedAt: Date.now() };
  if (row) await ctx.db.patch("userInstructions", row._id, fields);
  else await ctx.db.insert("userInstructions", { userId, ...fields });
}

export async function saveChatInstructions(ctx: MutationCtx, session: Doc<"chatSessions">, raw: string) {
  const text = validInstruction("chat", raw);
  await ctx.db.patch("chatSessions", session._id, { instructions: text === "" ? undefined : text });
}

/** What applies to a reply in this chat, or undefined when nothing does. */
export async function instructionsFor(
  ctx: QueryCtx,
  userId: Id<"users">,
  sessionId: Id<"chatSessions">,
): Promise<Instructions | undefined> {
  const row = await userInstructionsRow(ctx, userId);
  const session = await ctx.db.get("chatSessions", sessionId);
  const found: Instructions = {};
  if (row?.about) found.about = row.about;
  if (row?.style) found.style = row.style;
  if (session?.instructions) found.chat = session.instructions;
  return Object.keys(found).length > 0 ? found : undefined;
}

/** The longest start of `text` within `max` tokens (marked as cut), or "" when not even a word fits. */
export function cutToTokens(text: string, max: number, countTokens: TokenCounter): string {
  if (countTokens(text) <= max) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (countTokens(text.slice(0, mid) + CUT) <= max) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? "" : text.slice(0, low).trimEnd() + CUT;
}

/** Tokens kept aside for each line break and join, so the whole stays within the budget. */
const JOIN_SLACK = 2;

/**
 * The instructions' part of the system message within
 * INSTRUCTIONS_TOKEN_BUDGET: the frames of the parts present first, then the
 * chat's own text (the more specific), how to answer, and what to know, each
 * cut to what is left.
 */
export function fitInstructions(instructions: Instructions, countTokens: TokenCounter): string | null {
  const { about, style, chat } = instructions;
  const frames = [
    about || style ? `${USER_HEADING}\n${USER_PREAMBLE}` : "",
    about ? ABOUT_LABEL : "",
    style ? STYLE_LABEL : "",
    chat ? CHAT_HEADING : "",
  ].filter(Boolean);
  let left = INSTRUCTIONS_TOKEN_BUDGET - frames.reduce((sum, f) => sum + countTokens(f) + 2 * JOIN_SLACK, 0);
  const take = (text: string | undefined) => {
    if (!text || left <= 0) return "";
    const kept = cutToTokens(text, left, countTokens);
    left -= countTokens(kept) + JOIN_SLACK;
    return kept;
  };
  const keptChat = take(chat);
  const keptStyle = take(style);
  const keptAbout = take(about);
  const user = [keptAbout && `${ABOUT_LABEL}\n${keptAbout}`, keptStyle && `${STYLE_LABEL}\n${keptStyle}`].filter(Boolean);
  const parts = [
    user.length > 0 ? [USER_HEADING, USER_PREAMBLE, ...user].join("\n") : "",
    keptChat ? `${CHAT_HEADING}\n${keptChat}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : null;
}
