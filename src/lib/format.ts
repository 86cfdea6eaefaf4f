/** Dates are stored as UTC ms; the reset date is a UTC calendar day. */
export function formatResetDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, {
    month: "long",
    day: "numeric",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function creditWord(n: number): "credit" | "credits" {
  return n === 1 ? "credit" : "credits";
}

export function formatCredits(n: number): string {
  return `${n.toLocaleString()} ${creditWord(n)}`;
}

/** "Today", "Yesterday", "Mon", or "Mar 4" — compact labels for lists. */
export function formatRelativeDay(ms: number, now = Date.now()): string {
  const day = (t: number) => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  const diffDays = Math.round((day(now) - day(ms)) / 86_400_000);
  if (diffDays <= 0) return "Today";
  if (diffDays === 1) return "Yesterday";
  if (diffDays < 7) return new Date(ms).toLocaleDateString(undefined, { weekday: "long" });
  return new Date(ms).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}

/** An estimated cost in micro-USD as dollars: cents, or four decimals below a cent. */
export function formatMicroUsd(microUsd: number): string {
  if (microUsd === 0) return "$0.00";
  const dollars = microUsd / 1_000_000;
  return dollars < 0.01 ? `$${dollars.toFixed(4)}` : `$${dollars.toFixed(2)}`;
}

/** A time of day in the reader's own time zone, 24-hour ("01:00"). */
export function formatLocalTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(ms);
}
