import type { RouteObject } from 'react-router';
import { themedRoute } from '../../shell/withTheme';

// The meetings feature: its pages load only when one of these routes is opened.

/** Full-screen routes for signed-in users, outside the navigation layout: a call, a meeting's summary, an invite link. */
export const callRoutes: RouteObject[] = [
  { path: '/rooms/:roomId', lazy: themedRoute(() => import('./RoomPage')) },
  { path: '/rooms/:roomId/meetings/:sessionId', lazy: themedRoute(() => import('./MeetingSummaryPage')) },
  { path: '/invite/:roomId/:token', lazy: themedRoute(() => import('./InvitePage')) },
];

/** The "Meetings" tab of a project: its rooms and its meetings history. */
export const projectMeetingsRoute: RouteObject = { path: 'meetings', lazy: themedRoute(() => import('./ProjectMeetingsPage')) };

/** /meetings in the navigation layout: ad-hoc rooms. */
export const meetingsRoute: RouteObject = { path: 'meetings', lazy: themedRoute(() => import('./MeetingsPage')) };
