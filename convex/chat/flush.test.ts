import { describe, expect, test } from "vitest";
import { FLUSH_INTERVAL_MS, FLUSH_TOKENS, StreamBuffer } from "../model/chat/streamBuffer";

describe("flush policy", () => {
  test("flushes after 10 tokens even when they arrive at once", () => {
    const buffer = new StreamBuffer(() => 0);
    for (let i = 0; i < FLUSH_TOKENS - 1; i++) {
      buffer.push(`t${i}`);
      expect(buffer.shouldFlush()).toBe(false);
    }
    buffer.push("last");
    expect(buffer.shouldFlush()).toBe(true);
    expect(buffer.take()).toBe("t0t1t2t3t4t5t6t7t8last");
    expect(buffer.shouldFlush()).toBe(false);
  });

  test("flushes a single token once 50 ms have passed since the last flush", () => {
    let now = 1000;
    const buffer = new StreamBuffer(() => now);
    buffer.push("a");
    now += FLUSH_INTERVAL_MS - 1;
    expect(buffer.shouldFlush()).toBe(false);
    now += 1;
    expect(buffer.shouldFlush()).toBe(true);
    buffer.take();
    now += FLUSH_INTERVAL_MS * 3;
    expect(buffer.shouldFlush()).toBe(false); // nothing pending
    buffer.push("b");
    expect(buffer.shouldFlush()).toBe(true);
  });

  test("keeps the whole text, flushed or not", () => {
    const buffer = new StreamBuffer(() => 0);
    buffer.push("Hello");
    buffer.take();
    buffer.push(" world");
    expect(buffer.text).toBe("Hello world");
  });
});
