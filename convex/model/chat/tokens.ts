/**
 * Token counting, for actions only. An encoding's tables are megabytes of
 * JavaScript (hundreds of milliseconds and ~20 MiB of heap to load), so no
 * query or mutation imports this, and an action loads just the one encoding
 * its model uses, on first use (a dynamic import becomes its own chunk when
 * Convex bundles the function).
 */
export type Encoding = "o200k_base" | "cl100k_base";
export type TokenCounter = (text: string) => number;

const loading = new Map<Encoding, Promise<TokenCounter>>();

/** The encoding of a model family: GPT-4o, GPT-4.1, GPT-5 and the o-series use o200k; older GPTs cl100k. */
export function encodingFor(model: string): Encoding {
  return /^(gpt-4(?!o|\.1)|gpt-3\.5)/i.test(model) ? "cl100k_base" : "o200k_base";
}

export function tokenCounter(encoding: Encoding): Promise<TokenCounter> {
  let counter = loading.get(encoding);
  if (!counter) {
    counter =
      encoding === "cl100k_base"
        ? import("gpt-tokenizer/encoding/cl100k_base").then((m) => m.countTokens)
        : import("gpt-tokenizer/encoding/o200k_base").then((m) => m.countTokens);
    loading.set(encoding, counter);
  }
  return counter;
}
