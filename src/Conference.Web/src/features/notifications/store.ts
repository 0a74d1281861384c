import { create } from "zustand";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problems";

type Notification = Schemas["Notification"];

interface NotificationsState {
  unread: number;
  /** Notifications that arrived live since the inbox was last loaded, newest first. */
  arrived: Notification[];
  loadUnread(): Promise<void>;
  received(notification: Notification): void;
  markedRead(count: number): void;
  reset(): void;
}

/** The unread count in the navigation, kept current by the hub's `notification` event. */
export const useNotifications = create<NotificationsState>()((set) => ({
  unread: 0,
  arrived: [],
  async loadUnread() {
    let count = 0;
    let cursor: string | undefined;
    // Count every unread notification (at most 1 000 are kept per user: five pages at most).
    do {
      const page = unwrap(await api.GET("/api/notifications", { params: { query: { unread: true, limit: 200, cursor } } }));
      count += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    set({ unread: count });
  },
  received(notification) {
    set((s) => ({ unread: s.unread + (notification.read ? 0 : 1), arrived: [notification, ...s.arrived].slice(0, 50) }));
  },
  markedRead(count) {
    set((s) => ({ unread: Math.max(0, s.unread - count) }));
  },
  reset() {
    set({ unread: 0, arrived: [] });
  },
}));
