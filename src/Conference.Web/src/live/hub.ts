import type { HubConnection } from "@microsoft/signalr";
import { useAuth } from "../auth/store";

/**
 * The tab's live-update connection to /hubs/conference (project watches and notifications). It reconnects by
 * itself; after a reconnect the watches are renewed and each watcher told to reload (live events are not stored).
 * The SignalR client is loaded on first use (not in the first chunk: the sign-in page and first paint do without it).
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

/** Watches a project's changes while the returned function has not been called (counted: several views may watch one project). */
export function watchProject(projectId: string, onReconnect: () => void): () => void {
  watches.set(projectId, (watches.get(projectId) ?? 0) + 1);
  reconnectListeners.add(onReconnect);
  if (watches.get(projectId) === 1) void liveHub().then((h) => h.invoke("WatchProject", projectId)).catch(() => undefined);
  return () => {
    reconnectListeners.delete(onReconnect);
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
