import type { RouteObject } from "react-router";

// The meetings feature (owned by the meetings work): its pages load only when one of these routes is opened.

/** Full-screen routes for signed-in users, outside the navigation layout: a call and an invite link. */
export const callRoutes: RouteObject[] = [
  { path: "/rooms/:roomId", lazy: () => import("./RoomPage") },
  { path: "/invite/:roomId/:token", lazy: () => import("./InvitePage") },
];

/** The "Meetings" tab of a project: its rooms and its meetings history. */
export const projectMeetingsRoute: RouteObject = { path: "meetings", lazy: () => import("./ProjectMeetingsPage") };
