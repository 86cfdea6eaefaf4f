import { renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import { useLiveText } from "./use-live-text";

type Block = { text: string; chunkCount: number; sealed: boolean; streaming: boolean };
/** What the server has for each block; undefined = still loading. */
let blocks: (Block | undefined)[] = [];
const subscribed: number[][] = [];

vi.mock("convex/react", () => ({
  useQueries: (requests: Record<string, { args: { block: number } }>) => {
    subscribed.push(Object.values(requests).map((r) => r.args.block));
    return Object.fromEntries(Object.entries(requests).map(([key, r]) => [key, blocks[r.args.block]]));
  },
}));

const id = "m1" as Id<"chatMessages">;
const open = (text: string): Block => ({ text, chunkCount: 3, sealed: false, streaming: true });
const full = (text: string): Block => ({ text, chunkCount: 16, sealed: true, streaming: true });

beforeEach(() => {
  blocks = [];
  subscribed.length = 0;
});

describe("useLiveText", () => {
  test("joins the blocks, subscribing to the next one only when the last is full", () => {
    blocks = [open("Hel")];
    const { result, rerender } = renderHook(() => useLiveText(id));
    expect(result.current).toBe("Hel");
    expect(subscribed.at(-1)).toEqual([0]);

    blocks = [full("Hello, "), open("wor")];
    rerender();
    expect(result.current).toBe("Hello, wor");
    expect(subscribed.at(-1)).toEqual([0, 1]);
  });

  test("never goes backwards while a new block is loading", () => {
    blocks = [full("First block. ")];
    const { result } = renderHook(() => useLiveText(id));
    expect(result.current).toBe("First block. ");
  });

  test("gives way to the message's own content once the reply has ended", () => {
    blocks = [{ text: "", chunkCount: 0, sealed: false, streaming: false }];
    const { result } = renderHook(() => useLiveText(id));
    expect(result.current).toBeNull();
  });

  test("reads nothing for optimistic placeholders or without a message", () => {
    expect(renderHook(() => useLiveText("optimistic:reply" as Id<"chatMessages">)).result.current).toBeNull();
    expect(renderHook(() => useLiveText(undefined)).result.current).toBeNull();
    expect(subscribed.every((blocksAsked) => blocksAsked.length === 0)).toBe(true);
  });
});
