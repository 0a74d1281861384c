import type { RouteObject } from 'react-router';

// The meetings feature: its pages load only when one of these routes is opened.

/** Full-screen routes for signed-in users, outside the navigation layout: a call, a meeting's summary, an invite link. */
export const callRoutes: RouteObject[] = [
  { path: '/rooms/:roomId', lazy: () => import('./RoomPage') },
  { path: '/rooms/:roomId/meetings/:sessionId', lazy: () => import('./MeetingSummaryPage') },
  { path: '/invite/:roomId/:token', lazy: () => import('./InvitePage') },
];

/** The "Meetings" tab of a project: its rooms and its meetings history. */
export const projectMeetingsRoute: RouteObject = { path: 'meetings', lazy: () => import('./ProjectMeetingsPage') };

/** /meetings in the navigation layout: ad-hoc rooms. */
export const meetingsRoute: RouteObject = { path: 'meetings', lazy: () => import('./MeetingsPage') };
