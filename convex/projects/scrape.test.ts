import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { setScrapeTestOverrides, type LookupResult } from "../model/projects/scrape/addressPolicy";
import { setupTest, signIn, type TestConvex } from "../test.setup";
import { errorCode, ledgerOf } from "./assertions.testing";
import { ARTICLE_HTML, html, redirect, startPageServer, type PageServer } from "./pageServer.testing";

const TWO_MB = 2 * 1024 * 1024;
let server: PageServer;

beforeAll(async () => {
  server = await startPageServer({
    "/article": html(ARTICLE_HTML),
    "/plain": (_req, res) => {
      res.setHeader("content-type", "text/plain");
      res.end("Release notes\n\nVersion 2 adds offline mode and faster sync.");
    },
    "/hop/1": redirect("/hop/2"),
    "/hop/2": redirect("/hop/3", 301),
    "/hop/3": redirect("/hop/4", 307),
    "/hop/4": redirect("/hop/5", 308),
    "/hop/5": redirect("/article", 303),
    "/hop/0": redirect("/hop/1"),
    "/to-private": redirect("http://10.0.0.7/admin"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-localhost": redirect("http://localhost/"),
    "/to-ipv6-loopback": redirect("http://[::1]/"),
    "/to-decimal-private": redirect("http://167772161/"),
    "/to-octal-private": redirect("http://0300.0250.0.1/"),
    "/to-internal-name": redirect("http://intranet.example/"),
    "/to-file": redirect("file:///etc/passwd"),
    "/huge-declared": (_req, res) => {
      res.setHeader("content-type", "text/html");
      res.setHeader("content-length", String(TWO_MB + 1));
      res.write("<html><body>");
      // Never finishes: the declared size alone must be refused.
    },
    "/huge-chunked": (_req, res) => {
      res.setHeader("content-type", "text/html");
      const chunk = "<p>" + "x".repeat(64 * 1024) + "</p>";
      for (let i = 0; i < 34; i++) res.write(chunk);
      res.end();
    },
    "/gzip-bomb": (_req, res) => {
      res.setHeader("content-type", "text/html");
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync(Buffer.alloc(TWO_MB + 1024, 32)));
    },
    "/gzip-ok": (_req, res) => {
      res.setHeader("content-type", "text/html");
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync(ARTICLE_HTML));
    },
    "/stalls-headers": () => {
      // Never answers.
    },
    "/stalls-body": (_req, res) => {
      res.setHeader("content-type", "text/html");
      res.write("<html><body><p>first bytes");
    },
    "/pdf": (_req, res) => {
      res.setHeader("content-type", "application/pdf");
      res.end("%PDF-1.7");
    },
    "/json": (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end("{}");
    },
    "/no-type": (_req, res) => res.end("bytes"),
    "/gone": html("<p>gone</p>", 410),
    "/empty": html("<html><head><title>Empty</title></head><body>   </body></html>"),
  });
});
afterAll(() => server.close());

// The local server lives on loopback, which only tests may reach.
// Stalling pages never answer, so this is how long those tests take; short, but with room for a busy machine.
const LOCAL = { policy: { allowAddresses: ["127.0.0.1"] }, limits: { timeoutMs: 2000 } };
afterEach(() => setScrapeTestOverrides(null));

async function setup() {
  const t = setupTest();
  const alice = await signIn(t, "Alice");
  const projectId = await alice.mutation(api.projects.projects.create, { name: "Launch" });
  return { t, alice, projectId };
}

type Alice = Awaited<ReturnType<typeof setup>>["alice"];

async function scrape(t: TestConvex, alice: Alice, projectId: Id<"projects">, url: string) {
  const { jobId } = await alice.mutation(api.projects.scrape.start, {
    projectId,
    url,
    clientRequestId: crypto.randomUUID(),
  });
  await t.finishAllScheduledFunctions(() => {});
  const job = await alice.query(api.projects.jobs.get, { jobId });
  return job!;
}


async function expectRefundedOnce(t: TestConvex, alice: Alice) {
  expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5", "refund:5"]);
  expect((await alice.query(api.credits.balance, {})).remaining).toBe(100);
}


describe("scraping a page", () => {
  test("stores the title and a readable excerpt and charges 5 credits", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url("/article"));
    expect(job).toMatchObject({ status: "succeeded", kind: "urlScrape", projectId });
    const sources = await alice.query(api.projects.sources.list, { projectId });
    expect(sources).toHaveLength(1);
    expect(sources[0]!.title).toMatch(/Launch checklist/);
    expect(sources[0]!.url).toBe(server.url("/article"));
    expect(sources[0]!.excerpt).toContain("Week one is for positioning");
    expect(sources[0]!.excerpt).not.toContain("© Example");
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5"]);
  });

  test("reads plain text and gzip-compressed pages", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    expect((await scrape(t, alice, projectId, server.url("/plain"))).status).toBe("succeeded");
    expect((await scrape(t, alice, projectId, server.url("/gzip-ok"))).status).toBe("succeeded");
    const titles = (await alice.query(api.projects.sources.list, { projectId })).map((s) => s.title);
    expect(titles).toEqual([expect.stringMatching(/Launch checklist/), "Release notes"]);
  });

  test("follows up to five redirects and records the final address", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    expect((await scrape(t, alice, projectId, server.url("/hop/1"))).status).toBe("succeeded");
    const [source] = await alice.query(api.projects.sources.list, { projectId });
    expect(source!.url).toBe(server.url("/article"));
  });

  test("refuses a sixth redirect and refunds", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url("/hop/0"));
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_FETCH_FAILED" });
    await expectRefundedOnce(t, alice);
  });

  test("a repeated request runs one job and charges once", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const args = { projectId, url: server.url("/article"), clientRequestId: "request-0001" };
    const first = await alice.mutation(api.projects.scrape.start, args);
    const second = await alice.mutation(api.projects.scrape.start, args);
    expect(second.jobId).toBe(first.jobId);
    await t.finishAllScheduledFunctions(() => {});
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100", "debit:-5"]);
    expect(await alice.query(api.projects.sources.list, { projectId })).toHaveLength(1);
  });
});

describe("refusing addresses before charging", () => {
  const refused = [
    ["loopback", "http://127.0.0.1/"],
    ["loopback (other)", "http://127.8.9.10/"],
    ["loopback decimal", "http://2130706433/"],
    ["loopback hex", "http://0x7f000001/"],
    ["loopback octal", "http://0177.0.0.1/"],
    ["loopback short", "http://127.1/"],
    ["private 10/8", "http://10.1.2.3/"],
    ["private 172.16/12", "http://172.16.5.4/"],
    ["private 192.168/16", "http://192.168.1.1/"],
    ["link-local (cloud metadata)", "http://169.254.169.254/latest/meta-data/"],
    ["CGNAT", "http://100.64.0.1/"],
    ["unspecified", "http://0.0.0.0/"],
    ["multicast", "http://224.0.0.1/"],
    ["broadcast", "http://255.255.255.255/"],
    ["IPv6 loopback", "http://[::1]/"],
    ["IPv6 unspecified", "http://[::]/"],
    ["IPv6 link-local", "http://[fe80::1]/"],
    ["IPv6 unique-local", "http://[fd12:3456::1]/"],
    ["IPv6 multicast", "http://[ff02::1]/"],
    ["IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/"],
    ["IPv4-mapped private (hex)", "http://[::ffff:a00:1]/"],
    ["IPv4-compatible loopback", "http://[::127.0.0.1]/"],
    ["NAT64 of a private address", "http://[64:ff9b::a00:1]/"],
    ["localhost", "http://localhost:8080/"],
    ["a .localhost name", "http://app.localhost/"],
    ["a single-label name", "http://intranet/"],
  ] as const;

  test.each(refused)("%s (%s)", async (_label, url) => {
    const { t, alice, projectId } = await setup();
    expect(await errorCode(alice.mutation(api.projects.scrape.start, {
      projectId,
      url,
      clientRequestId: crypto.randomUUID(),
    }))).toBe("URL_NOT_ALLOWED");
    expect(await ledgerOf(t, alice.userId)).toEqual(["signup_grant:100"]);
  });

  test.each([
    ["ftp", "ftp://example.com/file.txt", "URL_SCHEME_NOT_ALLOWED"],
    ["file", "file:///etc/passwd", "URL_SCHEME_NOT_ALLOWED"],
    ["javascript", "javascript:alert(1)", "URL_SCHEME_NOT_ALLOWED"],
    ["credentials", "https://user:secret@example.com/", "URL_CREDENTIALS_NOT_ALLOWED"],
    ["garbage", "http://exa mple.com", "URL_INVALID"],
    ["empty", "   ", "URL_INVALID"],
    ["too long", `https://example.com/${"a".repeat(2100)}`, "URL_INVALID"],
  ])("%s", async (_label, url, code) => {
    const { alice, projectId } = await setup();
    expect(await errorCode(alice.mutation(api.projects.scrape.start, {
      projectId,
      url,
      clientRequestId: crypto.randomUUID(),
    }))).toBe(code);
  });

  test("only the owner can attach pages to a project", async () => {
    const { t, projectId } = await setup();
    const bob = await signIn(t, "Bob");
    expect(await errorCode(bob.mutation(api.projects.scrape.start, {
      projectId,
      url: "https://example.com/",
      clientRequestId: crypto.randomUUID(),
    }))).toBe("NOT_FOUND");
  });
});

describe("refusing addresses found while fetching (refunded)", () => {
  // Host names whose DNS answer is private: judged on the address connected to.
  const answers: Record<string, LookupResult[]> = {
    "loopback.example": [{ address: "127.0.0.1", family: 4 }],
    "private.example": [{ address: "192.168.0.10", family: 4 }],
    "metadata.example": [{ address: "169.254.169.254", family: 4 }],
    "cgnat.example": [{ address: "100.100.100.200", family: 4 }],
    "v6-loopback.example": [{ address: "::1", family: 6 }],
    "v6-ula.example": [{ address: "fd00::5", family: 6 }],
    "v6-mapped.example": [{ address: "::ffff:10.0.0.1", family: 6 }],
    // One good answer does not launder a bad one.
    "mixed.example": [
      { address: "127.0.0.1", family: 4 },
      { address: "10.9.9.9", family: 4 },
    ],
  };
  const resolver = async (host: string) => answers[host] ?? [];

  test.each(Object.keys(answers))("a name resolving privately: %s", async (host) => {
    setScrapeTestOverrides({ resolver, policy: { allowAddresses: [] } });
    const { t, alice, projectId } = await setup();
    const path = `/never/${host}`;
    const job = await scrape(t, alice, projectId, `http://${host}:${new URL(server.origin).port}${path}`);
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_NOT_ALLOWED" });
    await expectRefundedOnce(t, alice);
    // Refused before connecting: the local server (where loopback answers lead) saw nothing.
    expect(server.hits.get(path)).toBeUndefined();
  });

  test.each([
    "/to-private",
    "/to-metadata",
    "/to-localhost",
    "/to-ipv6-loopback",
    "/to-decimal-private",
    "/to-octal-private",
  ])("a redirect to a refused address: %s", async (path) => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url(path));
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_NOT_ALLOWED" });
    await expectRefundedOnce(t, alice);
  });

  test("a redirect to another scheme is refused for its scheme", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url("/to-file"));
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_SCHEME_NOT_ALLOWED" });
    await expectRefundedOnce(t, alice);
  });

  test("a redirect to a name that resolves privately", async () => {
    setScrapeTestOverrides({
      ...LOCAL,
      resolver: async () => [{ address: "10.0.0.8", family: 4 }],
    });
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url("/to-internal-name"));
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_NOT_ALLOWED" });
    await expectRefundedOnce(t, alice);
  });
});

describe("refusing what the page serves (refunded)", () => {
  test.each([
    ["a declared body over 2 MB", "/huge-declared", "URL_TOO_LARGE"],
    ["a streamed body over 2 MB", "/huge-chunked", "URL_TOO_LARGE"],
    ["a compressed body that expands past 2 MB", "/gzip-bomb", "URL_TOO_LARGE"],
    ["no answer before the deadline", "/stalls-headers", "URL_TIMEOUT"],
    ["a body that stops mid-way", "/stalls-body", "URL_TIMEOUT"],
    ["a PDF", "/pdf", "URL_UNSUPPORTED_CONTENT"],
    ["JSON", "/json", "URL_UNSUPPORTED_CONTENT"],
    ["no content type", "/no-type", "URL_UNSUPPORTED_CONTENT"],
    ["a page without text", "/empty", "URL_UNSUPPORTED_CONTENT"],
    ["an HTTP error", "/gone", "URL_FETCH_FAILED"],
  ])("%s", async (_label, path, code) => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url(path));
    expect(job.status).toBe("failed");
    expect(job.errorCode).toBe(code);
    expect(job.error).toMatch(/\w+/);
    await expectRefundedOnce(t, alice);
    expect(await alice.query(api.projects.sources.list, { projectId })).toEqual([]);
  });

  test("a name that does not resolve, while others do, is a site not found", async () => {
    setScrapeTestOverrides({
      policy: { allowAddresses: [] },
      resolver: async (host) => (host === "example.com" ? [{ address: "93.184.215.14", family: 4 }] : []),
    });
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, "https://no-such-site.example.org/");
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_NOT_FOUND" });
    expect(job.error).toMatch(/could not be found/);
    await expectRefundedOnce(t, alice);
  });

  test("a server that can resolve no name at all says it has no internet, not that the site is missing", async () => {
    setScrapeTestOverrides({
      policy: { allowAddresses: [] },
      resolver: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
      },
    });
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, "https://en.wikipedia.org/wiki/Sailing");
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_NO_NETWORK" });
    expect(job.error).toMatch(/can't reach the internet/);
    await expectRefundedOnce(t, alice);
  });

  test("a site that refuses connections", async () => {
    const closed = await startPageServer({});
    await closed.close();
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, closed.url("/"));
    expect(job).toMatchObject({ status: "failed", errorCode: "URL_FETCH_FAILED" });
    await expectRefundedOnce(t, alice);
  });

  test("reporting a failure again, or the deadline passing, refunds nothing more", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const job = await scrape(t, alice, projectId, server.url("/pdf"));
    await t.mutation(internal.projects.jobs.fail, { jobId: job._id, code: "X", message: "again" });
    await t.mutation(internal.projects.jobs.expire, { jobId: job._id });
    await expectRefundedOnce(t, alice);
    expect((await alice.query(api.projects.jobs.get, { jobId: job._id }))!.errorCode).toBe(
      "URL_UNSUPPORTED_CONTENT",
    );
  });

  test("a project deleted while its page loads gets nothing, and the credits come back", async () => {
    setScrapeTestOverrides(LOCAL);
    const { t, alice, projectId } = await setup();
    const { jobId } = await alice.mutation(api.projects.scrape.start, {
      projectId,
      url: server.url("/article"),
      clientRequestId: crypto.randomUUID(),
    });
    await alice.mutation(api.projects.projects.remove, { projectId });
    await t.finishAllScheduledFunctions(() => {});
    expect(await alice.query(api.projects.jobs.get, { jobId })).toMatchObject({
      status: "failed",
      errorCode: "NOT_FOUND",
    });
    await expectRefundedOnce(t, alice);
    expect(await t.run((ctx) => ctx.db.query("projectSources").collect())).toEqual([]);
  });
});

describe("a new project from a page", () => {
  test("without a project, the page becomes a project named after it", async () => {
    setScrapeTestOverrides(LOCAL);
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    const { jobId } = await alice.mutation(api.projects.scrape.start, {
      url: server.url("/article"),
      clientRequestId: crypto.randomUUID(),
    });
    await t.finishAllScheduledFunctions(() => {});
    const job = (await alice.query(api.projects.jobs.get, { jobId }))!;
    expect(job.status).toBe("succeeded");
    const project = (await alice.query(api.projects.projects.get, { projectId: job.projectId! }))!;
    expect(project).toMatchObject({ source: "url", name: expect.stringMatching(/Launch checklist/) });
    expect(project.description).toMatch(/^Shipping a product launch/);
    expect(project.description.length).toBeLessThanOrEqual(280);
    const sources = await alice.query(api.projects.sources.list, { projectId: project._id });
    expect(sources.map((s) => s.url)).toEqual([server.url("/article")]);
  });

  test("a failed page creates no project", async () => {
    setScrapeTestOverrides(LOCAL);
    const t = setupTest();
    const alice = await signIn(t, "Alice");
    await alice.mutation(api.projects.scrape.start, {
      url: server.url("/pdf"),
      clientRequestId: crypto.randomUUID(),
    });
    await t.finishAllScheduledFunctions(() => {});
    expect(await t.run((ctx) => ctx.db.query("projects").collect())).toEqual([]);
    await expectRefundedOnce(t, alice);
  });
});
