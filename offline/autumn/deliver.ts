import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { log } from "../log";

/*
 * Delivery as Svix does it for Autumn: one message id for every attempt,
 * signed afresh each time, any non-2xx (or no answer within 15 s) a failure
 * retried on Svix's schedule (docs.svix.com/retries). The first attempt is
 * awaited, so a test checkout's redirect happens after it; retries run in
 * the background and never keep the process alive.
 */

const ATTEMPT_TIMEOUT_MS = 15_000;
/** Svix's schedule after the first attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const SVIX_RETRY_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

export type DeliveryTarget = {
  siteUrl: string;
  webhookSecret: string;
  /** Tests shorten Svix's schedule. */
  retryScheduleMs?: readonly number[];
};

/** Headers of a delivery signed with `secret`, as Svix sends them. */
export function signedWebhookHeaders(secret: string, msgId: string, sentAt: Date, body: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "svix-id": msgId,
    "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(msgId, sentAt, body),
  };
}

async function attempt(msgId: string, body: string, target: DeliveryTarget): Promise<number | string> {
  const sentAt = new Date();
  try {
    const response = await fetch(`${target.siteUrl.replace(/\/+$/, "")}/webhooks/autumn`, {
      method: "POST",
      headers: signedWebhookHeaders(target.webhookSecret, msgId, sentAt, body),
      body,
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    await response.text();
    return response.status;
  } catch (error) {
    return String(error);
  }
}

/** Sends `payload` as one Svix message; returns the first attempt's status (or error). */
export async function deliverWebhook(payload: unknown, target: DeliveryTarget): Promise<number | string> {
  const msgId = `msg_test_${randomUUID().replace(/-/g, "")}`;
  const body = JSON.stringify(payload);
  if (!target.webhookSecret) {
    log.warn("[test billing] no webhook secret: billing.updated not sent");
    return "no webhook secret";
  }
  const first = await attempt(msgId, body, target);
  const ok = (result: number | string) => typeof result === "number" && result >= 200 && result < 300;
  if (!ok(first)) {
    log.warn(`[test billing] webhook ${msgId} failed (${first}); retrying as Svix would`);
    const retry = (n: number) => {
      const delay = (target.retryScheduleMs ?? SVIX_RETRY_MS)[n];
      if (delay === undefined) return;
      setTimeout(() => {
        void attempt(msgId, body, target).then((result) => {
          if (!ok(result)) retry(n + 1);
        });
      }, delay).unref();
    };
    retry(0);
  }
  return first;
}
