import type { HubConnection } from "@microsoft/signalr";
import { useAuth } from "../auth/store";
import { firstScreenUp } from "../common/firstScreen";

/**
 * The tab's live-update connection to /hubs/conference (project watches and notifications). It reconnects by
 * itself; after a reconnect the watches are renewed and each watcher told to reload (live events are not stored).
 * The SignalR client is loaded on first use (not in the first chunk: the sign-in page and first paint do without it),
 * and the first connection waits until the page's first screen is up (it shows nothing there; a watcher catches up
 * on what it may have missed when its watch starts).
 */
let connection: HubConnection | null = null;
let starting: Promise<HubConnection> | null = null;
const watches = new Map<string, number>();
const reconnectListeners = new Set<() => void>();

async function build(): Promise<HubConnection> {
  const { HubConnectionBuilder, LogLevel } = await import("@microsoft/signalr");
  const hub = new HubConnectionBuilder()
    .withUrl("/hubs/conference", { accessTokenFactory: async () => (await useAuth.getState().freshToken()) ?? "" })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();
  hub.onreconnected(async () => {
    for (const projectId of watches.keys()) await hub.invoke("WatchProject", projectId).catch(() => undefined);
    reconnectListeners.forEach((listener) => listener());
  });
  hub.onclose(() => {
    connection = null;
  });
  return hub;
}

/** Compares states by their string values (the enum itself lives in the lazily loaded client). */
const isConnected = (hub: HubConnection | null): hub is HubConnection => hub?.state === ("Connected" as string);

/** The started connection (started on first use). */
export function liveHub(): Promise<HubConnection> {
  if (isConnected(connection)) return Promise.resolve(connection);
  starting ??= (async () => {
    if (!connection) await firstScreenUp();
    const hub = connection ?? (await build());
    connection = hub;
    if (hub.state === ("Disconnected" as string)) await hub.start();
    return hub;
  })().finally(() => (starting = null));
  return starting;
}

/** Listens to a hub event; returns the unsubscribe function. */
export function onLive<T>(event: string, handler: (payload: T) => void): () => void {
  let hub: HubConnection | null = null;
  let cancelled = false;
  void liveHub().then(
    (h) => {
      if (cancelled) return;
      hub = h;
      h.on(event, handler);
    },
    () => undefined,
  );
  return () => {
    cancelled = true;
    hub?.off(event, handler);
  };
}

/**
 * Watches a project's changes while the returned function has not been called (counted: several views may watch one
 * project). `onSync` is called once the watch is in place and after every reconnect: what changed before (events
 * are not stored) is to be fetched then.
 */
export function watchProject(projectId: string, onSync: () => void): () => void {
  watches.set(projectId, (watches.get(projectId) ?? 0) + 1);
  reconnectListeners.add(onSync);
  let stopped = false;
  const watching = watches.get(projectId) === 1 ? liveHub().then((h) => h.invoke("WatchProject", projectId)) : liveHub();
  void watching.then(() => !stopped && onSync(), () => undefined);
  return () => {
    stopped = true;
    reconnectListeners.delete(onSync);
    const left = (watches.get(projectId) ?? 1) - 1;
    if (left > 0) return void watches.set(projectId, left);
    watches.delete(projectId);
    if (isConnected(connection)) void connection.invoke("UnwatchProject", projectId).catch(() => undefined);
  };
}

/** Closes the connection (sign-out). */
export async function closeLiveHub() {
  watches.clear();
  const hub = connection;
  connection = null;
  await hub?.stop();
}
