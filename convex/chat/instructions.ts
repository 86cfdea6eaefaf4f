import { v } from "convex/values";
import { authedMutation, authedQuery } from "../functions";
import {
  INSTRUCTION_LIMITS,
  saveChatInstructions,
  saveUserInstructions,
  userInstructionsRow,
} from "../model/chat/instructions";
import { getOwnedSession } from "../model/chat/sessions";

/** Custom instructions (model/chat/instructions.ts): the user's own, and one chat's. */

const instructionsValidator = v.object({ about: v.string(), style: v.string() });

/** The caller's custom instructions (empty strings when none) and the length limits. */
export const get = authedQuery({
  args: {},
  returns: v.object({
    ...instructionsValidator.fields,
    limits: v.object({ about: v.number(), style: v.number(), chat: v.number() }),
  }),
  handler: async (ctx) => {
    const row = await userInstructionsRow(ctx, ctx.user._id);
    return { about: row?.about ?? "", style: row?.style ?? "", limits: { ...INSTRUCTION_LIMITS } };
  },
});

/** Saves the caller's custom instructions (both empty: none). */
export const set = authedMutation({
  args: instructionsValidator.fields,
  returns: v.null(),
  handler: async (ctx, args) => {
    await saveUserInstructions(ctx, ctx.user._id, args);
    return null;
  },
});

/** Sets one chat's instructions (empty: none). */
export const setForChat = authedMutation({
  args: { sessionId: v.id("chatSessions"), instructions: v.string() },
  returns: v.null(),
  handler: async (ctx, { sessionId, instructions }) => {
    const session = await getOwnedSession(ctx, ctx.user._id, sessionId);
    await saveChatInstructions(ctx, session, instructions);
    return null;
  },
});
