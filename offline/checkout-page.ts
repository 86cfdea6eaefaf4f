/*
 * HTML for the offline test checkout. Deliberately self-contained (inline
 * CSS, no app bundle): it stands in for a third-party payment page.
 */

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type CheckoutItem = {
  title: string;
  detail: string;
  price: string;
  recurring: boolean;
};

const styles = `
  :root { color-scheme: light dark; font-family: Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", sans-serif; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #f6f7fb; color: #0f172a; min-height: 100vh; }
  .banner { background: repeating-linear-gradient(135deg, #f59e0b 0 14px, #fbbf24 14px 28px); color: #1f1300;
    font-weight: 700; text-align: center; padding: 10px 16px; letter-spacing: .04em; font-size: 13px; }
  main { max-width: 440px; margin: 40px auto; padding: 0 16px; }
  .card { background: #fff; border-radius: 16px; box-shadow: 0 1px 2px rgba(15,23,42,.06), 0 8px 24px rgba(15,23,42,.08);
    padding: 28px; }
  .merchant { font-size: 13px; color: #64748b; margin: 0 0 4px; }
  h1 { font-size: 22px; margin: 0 0 2px; }
  .detail { color: #475569; margin: 0 0 20px; font-size: 14px; }
  .total { display: flex; justify-content: space-between; align-items: baseline; border-top: 1px solid #e2e8f0;
    border-bottom: 1px solid #e2e8f0; padding: 14px 0; margin-bottom: 20px; }
  .total strong { font-size: 24px; }
  .field { border: 1px solid #cbd5e1; border-radius: 8px; padding: 10px 12px; color: #64748b; font-size: 14px;
    margin-bottom: 20px; background: #f8fafc; }
  button, .cancel { display: block; width: 100%; text-align: center; border-radius: 10px; padding: 12px;
    font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
  button { background: #4f46e5; color: #fff; border: 0; }
  button:disabled { opacity: .6; cursor: progress; }
  .cancel { color: #475569; margin-top: 10px; border: 1px solid transparent; }
  .note { font-size: 12px; color: #64748b; text-align: center; margin-top: 18px; }
  .switch { display: block; font-size: 13px; color: #334155; margin: 0 0 14px; }
  .switch span { color: #64748b; }
  h2 { font-size: 15px; margin: 22px 0 8px; }
  .sub { margin-bottom: 8px; }
  .sub form { margin-bottom: 10px; }
  .total strong.name { font-size: 16px; }
  button.secondary { background: #fff; color: #334155; border: 1px solid #cbd5e1; }
  .error { background: #fef2f2; color: #991b1b; border-radius: 8px; padding: 10px 12px; font-size: 14px; margin-bottom: 16px; }
  /* A payment page follows the system theme, as hosted checkouts do (it cannot see the app's own choice). */
  @media (prefers-color-scheme: dark) {
    body { background: #0b1220; color: #e2e8f0; }
    .card { background: #111a2b; box-shadow: 0 0 0 1px #1f2a3e, 0 8px 24px rgba(0,0,0,.4); }
    .merchant, .note, .field { color: #97a3b6; }
    .detail, .cancel { color: #aeb9c9; }
    .total { border-color: #1f2a3e; }
    .field { background: #0b1220; border-color: #2e3a50; }
    .error { background: #3b0d12; color: #fecaca; }
    .switch { color: #cbd5e1; }
    .switch span { color: #97a3b6; }
    button.secondary { background: #111a2b; color: #cbd5e1; border-color: #2e3a50; }
  }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#f6f7fb" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0b1220" media="(prefers-color-scheme: dark)">
<title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><div class="banner" role="status">TEST MODE — no real payment is taken</div>
<main>${body}</main></body></html>`;
}

const TEST_SWITCH = `<label class="switch"><input type="checkbox" name="lose" value="1">
    Lose this webhook <span>(test: Helm must find the change through Autumn's customer API)</span></label>`;

export function checkoutPage(args: { item: CheckoutItem; sessionId: string; cancelUrl: string | null; error?: string }): string {
  const { item } = args;
  return layout(
    `Test checkout — ${item.title}`,
    `<div class="card">
  <p class="merchant">Helm · test checkout</p>
  <h1>${escapeHtml(item.title)}</h1>
  <p class="detail">${escapeHtml(item.detail)}</p>
  <div class="total"><span>${item.recurring ? `Due today, then ${escapeHtml(item.price)} every month` : "Total due"}</span>
    <strong>${escapeHtml(item.price)}</strong></div>
  ${args.error ? `<div class="error" role="alert">${escapeHtml(args.error)}</div>` : ""}
  <div class="field">Test card •••• 4242 — nothing is charged; it stays on file for later purchases</div>
  <form method="post" action="pay" onsubmit="this.querySelector('button').disabled = true">
    <input type="hidden" name="id" value="${escapeHtml(args.sessionId)}">
    ${TEST_SWITCH}
    <button type="submit">Pay ${escapeHtml(item.price)}</button>
  </form>
  ${args.cancelUrl ? `<a class="cancel" href="${escapeHtml(args.cancelUrl)}">Cancel and go back</a>` : ""}
  <p class="note">Pay sends Helm a signed <code>billing.updated</code> webhook, exactly as Autumn would.</p>
</div>`,
  );
}

export type PortalSubscription = {
  id: string;
  title: string;
  price: string;
  /** "Renews on …" or "Ends on …". */
  state: string;
  canceled: boolean;
};

export const CARD_CHOICES: ReadonlyArray<{ card: string; label: string }> = [
  { card: "4242", label: "•••• 4242 — succeeds" },
  { card: "3184", label: "•••• 3184 — needs 3-D Secure" },
  { card: "0341", label: "•••• 0341 — declined" },
];

/** The test customer portal: what Stripe's billing portal lets a customer do, for Helm's products. */
export function portalPage(args: {
  portalId: string;
  customerName: string;
  subscriptions: PortalSubscription[];
  card: string | null;
  returnUrl: string | null;
}): string {
  const hidden = `<input type="hidden" name="id" value="${escapeHtml(args.portalId)}">`;
  const subscriptions = args.subscriptions.length
    ? args.subscriptions
        .map(
          (s) => `<div class="sub">
  <div class="total"><span><strong class="name">${escapeHtml(s.title)}</strong><br>${escapeHtml(s.state)}</span><strong>${escapeHtml(s.price)}</strong></div>
  ${
    s.canceled
      ? ""
      : `<form method="post" action="portal/cancel">${hidden}<input type="hidden" name="product" value="${escapeHtml(s.id)}">
    ${TEST_SWITCH}<button type="submit">Cancel subscription</button></form>`
  }
  <form method="post" action="portal/end">${hidden}<input type="hidden" name="product" value="${escapeHtml(s.id)}">
    ${TEST_SWITCH}<button type="submit" class="secondary">End the period now (test)</button></form>
</div>`,
        )
        .join("")
    : `<p class="detail">No active subscriptions.</p>`;
  const cards = CARD_CHOICES.map(
    ({ card, label }) =>
      `<label class="switch"><input type="radio" name="card" value="${card}"${args.card === card ? " checked" : ""}> ${escapeHtml(label)}</label>`,
  ).join("");
  return layout(
    "Test billing portal",
    `<div class="card">
  <p class="merchant">Helm · test billing portal</p>
  <h1>${escapeHtml(args.customerName)}</h1>
  <h2>Subscriptions</h2>
  ${subscriptions}
  <h2>Payment method</h2>
  <form method="post" action="portal/card">${hidden}${cards}<button type="submit" class="secondary">Save card</button></form>
  ${args.returnUrl ? `<a class="cancel" href="${escapeHtml(args.returnUrl)}">Return to Helm</a>` : ""}
</div>`,
  );
}

export function errorPage(message: string): string {
  return layout("Test checkout", `<div class="card"><h1>Checkout problem</h1><p class="error" role="alert">${escapeHtml(message)}</p></div>`);
}
