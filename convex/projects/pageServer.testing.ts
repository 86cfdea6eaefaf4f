// Test-only (the second dot keeps it out of Convex deployments): a local web
// server on 127.0.0.1 whose routes play the pages the scraper must handle.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export type PageServer = {
  origin: string;
  url: (path: string) => string;
  /** How many requests each path received. */
  hits: Map<string, number>;
  close: () => Promise<void>;
};

export async function startPageServer(routes: Record<string, Route>): Promise<PageServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) return route(req, res);
    res.statusCode = 404;
    res.setHeader("content-type", "text/plain");
    res.end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html =
  (body: string, status = 200): Route =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(body);
  };

export const redirect =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader("location", location);
    res.end();
  };

export const ARTICLE_HTML = `<!doctype html>
<html><head><title>Launch checklist | Example Blog</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/about">About</a></nav>
  <article>
    <h1>Launch checklist</h1>
    <p>Shipping a product launch takes more than a press release. Start six weeks out
    with a clear owner for every workstream, a shared calendar and a single source of truth.</p>
    <p>Week one is for positioning: write the one-sentence pitch, agree on the audience
    and collect three customer quotes that prove the problem is real.</p>
    <p>Weeks two to four build the assets: landing page, demo video, help articles and
    a pricing page that answers the obvious questions before anyone has to ask them.</p>
    <p>The final fortnight is rehearsal: dry-run the demo, brief support, and prepare a
    rollback plan in case the launch day deploy goes wrong.</p>
  </article>
  <footer>© Example</footer>
</body></html>`;
