import { v } from "convex/values";
import { internal } from "../_generated/api";
import { appError, ErrorCode } from "../errors";
import { authedAction } from "../functions";
import { productByKey, productKeyValidator, testCheckoutUrl } from "../model/billing/catalogue";
import { autumnCheckout } from "../model/billing/autumn";
import { billingConfig } from "../model/config";
import type { BillingUser } from "./plan";

function appUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw appError(ErrorCode.INVALID_ARGUMENT, `The ${what} is not a valid URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw appError(ErrorCode.INVALID_ARGUMENT, `The ${what} must be an http(s) URL.`);
  }
  return url;
}

/**
 * Starts a checkout for one product and returns the URL to send the browser
 * to: Autumn's payment page, or the local test checkout in test mode. The
 * success URL gets `product` and `since` (when checkout started) so the
 * return page can tell when this purchase's webhook has landed.
 */
export const start = authedAction({
  args: { product: productKeyValidator, successUrl: v.string(), cancelUrl: v.string() },
  returns: v.object({ url: v.string() }),
  handler: async (ctx, args): Promise<{ url: string }> => {
    const product = productByKey(args.product);
    const successUrl = appUrl(args.successUrl, "return address");
    const cancelUrl = appUrl(args.cancelUrl, "cancel address");
    successUrl.searchParams.set("product", product.key);
    successUrl.searchParams.set("since", String(Date.now()));

    const user: BillingUser | null = await ctx.runQuery(internal.billing.plan.billingUser, {
      tokenIdentifier: ctx.identity.tokenIdentifier,
    });
    if (!user) throw appError(ErrorCode.UNAUTHENTICATED, "Your account is still being set up.");
    if (product.kind === "pro" && user.plan === "pro") {
      throw appError(ErrorCode.ALREADY_SUBSCRIBED, "You're already on Pro.");
    }

    const config = billingConfig();
    if (config.mode === "autumn") {
      try {
        const url = await autumnCheckout(config.secretKey, {
          customer: { id: user.externalId, name: user.name, email: user.email },
          planId: product.productId,
          successUrl: successUrl.toString(),
        });
        return { url };
      } catch (error) {
        console.error(`[billing] Autumn checkout for ${product.productId} failed`, error);
        throw appError(
          ErrorCode.BILLING_UNAVAILABLE,
          "Checkout is unavailable right now. Please try again in a minute.",
        );
      }
    }
    if (!config.checkoutUrl) {
      throw appError(
        ErrorCode.BILLING_UNAVAILABLE,
        "Billing isn't set up on this server (no Autumn key and no test checkout).",
      );
    }
    return {
      url: testCheckoutUrl(config.checkoutUrl, {
        productId: product.productId,
        customerId: user.externalId,
        successUrl: successUrl.toString(),
        cancelUrl: cancelUrl.toString(),
      }),
    };
  },
});
