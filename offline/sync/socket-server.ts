import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import type { DevAuth } from "../auth/dev-auth";
import { realClearTimeout, realSetTimeout, runClean } from "../engine/context";
import type { Engine } from "../engine/engine";
import { log } from "../log";
import { MutationRegistry } from "./mutation-registry";
import { clientTakesChunks, transitionFrames, type ClientMessage, type ServerMessage } from "./protocol";
import { SyncSession } from "./session";

/**
 * As Convex's sync worker: a Ping after 15 s without any other message (the
 * client reconnects after 60 s of silence).
 */
const PING_AFTER_SILENCE_MS = 15_000;
const SYNC_PATH = /^\/api\/([^/]+)\/sync$/;

/** Serves Convex's WebSocket sync protocol on `/api/<client version>/sync`. */
export function attachSyncServer(server: Server, deps: { engine: Engine; auth: DevAuth }) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  const mutations = new MutationRegistry();
  const sockets = new Set<WebSocket>();
  let dropNextMutationResponse = false;

  server.on("upgrade", (req, socket, head) => {
    const path = new URL(req.url ?? "/", "http://offline").pathname;
    const match = SYNC_PATH.exec(path);
    if (!match) {
      socket.destroy();
      return;
    }
    const chunks = clientTakesChunks(decodeURIComponent(match[1]));
    wss.handleUpgrade(req, socket, head, (ws) => runClean(() => connect(ws, chunks)));
  });

  function connect(ws: WebSocket, chunks: boolean) {
    sockets.add(ws);
    let ping: ReturnType<typeof setTimeout> | null = null;
    const armPing = () => {
      if (ping) realClearTimeout(ping);
      ping = runClean(() => realSetTimeout(() => send({ type: "Ping" }), PING_AFTER_SILENCE_MS));
    };
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      armPing();
      if (dropNextMutationResponse && message.type === "MutationResponse") {
        // Test hook: lose the response as a network failure would.
        dropNextMutationResponse = false;
        ws.terminate();
        return;
      }
      const json = JSON.stringify(message);
      if (message.type !== "Transition" || !chunks) ws.send(json);
      else for (const frame of transitionFrames(json)) ws.send(frame);
    };
    const session = new SyncSession({
      ...deps,
      mutations,
      send,
      // How Convex ends a session (local_backend's subs/mod.rs): a client
      // error gets a FatalError and a close with no status; an internal error
      // only a 1011 close, after which the client reconnects.
      fail: (reason) => {
        send({ type: "FatalError", error: reason });
        ws.close();
      },
      crash: () => ws.close(1011, "InternalServerError"),
      closeQuietly: () => ws.close(),
      disconnect: (code, reason) => ws.close(code, reason.slice(0, 123)),
    });
    ws.on("message", (data) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(data.toString()) as ClientMessage;
      } catch (error) {
        session.failClient(`Received Invalid JSON on websocket: ${(error as Error).message}`);
        return;
      }
      session.receive(message);
    });
    armPing();
    ws.on("close", () => {
      sockets.delete(ws);
      if (ping) realClearTimeout(ping);
      session.close();
    });
    ws.on("error", (error) => log.warn(`WebSocket error: ${error.message}`));
  }

  return {
    /** Test hook: drop every connection, as a network blip would. */
    dropSockets() {
      for (const ws of sockets) ws.terminate();
    },
    dropNextMutationResponse() {
      dropNextMutationResponse = true;
    },
    get connections() {
      return sockets.size;
    },
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
