import { v, type Infer } from "convex/values";
import { internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { internalMutation } from "../_generated/server";
import { appError, ErrorCode } from "../errors";
import { appUrl } from "../model/billing/appUrl";
import { authedAction } from "../functions";
import { productByKey, productKeyValidator } from "../model/billing/catalogue";
import { autumnAttach, BillingNotConfigured, type AttachOutcome } from "../model/billing/autumn";
import { openCheckout } from "../model/billing/checkouts";
import { requiredActionMessage } from "../model/billing/requiredAction";
import { signedInBillingUser } from "./plan";

/** The open checkout to reuse for this product, or a new one (model/billing/checkouts.ts). */
export const open = internalMutation({
  args: { userId: v.id("users"), product: productKeyValidator },
  returns: v.id("checkouts"),
  handler: async (ctx, { userId, product }) => await openCheckout(ctx, userId, product, Date.now()),
});

const startResultValidator = v.union(
  /** Go here: the payment page, or the return page when a card on file was charged. */
  v.object({ kind: v.literal("redirect"), url: v.string() }),
  /** Autumn couldn't take the payment and there's no page for it: tell the user what to do. */
  v.object({ kind: v.literal("actionRequired"), code: v.string(), message: v.string() }),
);
type StartResult = Infer<typeof startResultValidator>;

/**
 * Starts a checkout for one product. The success URL names the user's open
 * checkout for that product, which repeated clicks reuse, so the attach
 * parameters are identical and Autumn hands back the same open checkout
 * instead of cancelling it.
 */
export const start = authedAction({
  args: { product: productKeyValidator, successUrl: v.string(), cancelUrl: v.string() },
  returns: startResultValidator,
  handler: async (ctx, args): Promise<StartResult> => {
    const product = productByKey(args.product);
    const successUrl = appUrl(args.successUrl, "return address");
    const cancelUrl = appUrl(args.cancelUrl, "cancel address");

    const user = await signedInBillingUser(ctx, ctx.identity.tokenIdentifier);
    if (product.kind === "pro" && user.plan === "pro") {
      throw appError(ErrorCode.ALREADY_SUBSCRIBED, "You're already on Pro.");
    }
    const checkoutId: Id<"checkouts"> = await ctx.runMutation(internal.billing.checkout.open, {
      userId: user.userId,
      product: product.key,
    });
    successUrl.searchParams.set("product", product.key);
    successUrl.searchParams.set("checkout", checkoutId);

    let outcome: AttachOutcome;
    try {
      outcome = await autumnAttach({
        customer: { id: user.externalId, name: user.name, email: user.email },
        planId: product.productId,
        successUrl: successUrl.toString(),
        cancelUrl: cancelUrl.toString(),
      });
    } catch (error) {
      if (error instanceof BillingNotConfigured) throw appError(ErrorCode.BILLING_UNAVAILABLE, error.message);
      console.error(`[billing] Autumn checkout for ${product.productId} failed`, error);
      throw appError(
        ErrorCode.BILLING_UNAVAILABLE,
        "Checkout is unavailable right now. Please try again in a minute.",
      );
    }
    if (outcome.kind === "redirect") return outcome;
    if (outcome.kind === "charged") return { kind: "redirect", url: successUrl.toString() };
    console.warn(`[billing] attach of ${product.productId} needs ${outcome.code}: ${outcome.reason}`);
    return { kind: "actionRequired", code: outcome.code, message: requiredActionMessage(outcome.code, outcome.reason) };
  },
});
