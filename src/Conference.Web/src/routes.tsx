import { createBrowserRouter, Navigate } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { RouteError } from "./shell/RouteError";
import { callRoutes, meetingsRoute, projectMeetingsRoute } from "./features/meetings/routes";

/**
 * Every screen is its own chunk (route-level splitting), and so is the signed-in layout (navigation, the live hub):
 * the sign-in page loads only React, the router, the theme and its form. The router loads the chunks of all matched
 * routes at once (layout, project, board in parallel).
 */
export const router = createBrowserRouter([
  { path: "/signin", lazy: () => import("./auth/SignInPage"), errorElement: <RouteError /> },
  { path: "/signup", lazy: () => import("./auth/SignUpPage"), errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      ...callRoutes,
      {
        path: "/",
        lazy: () => import("./shell/Layout"),
        // Here, not only above: a signed-in screen that fails (e.g. its chunk) leaves RequireAuth in place, so a
        // signed-out visitor is still sent to sign-in instead of seeing the error.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/projects" replace /> },
          { path: "projects", lazy: () => import("./features/projects/ProjectsPage") },
          {
            path: "projects/:projectId",
            lazy: () => import("./features/projects/ProjectPage"),
            children: [
              { index: true, element: <Navigate to="board" replace /> },
              { path: "board", lazy: () => import("./features/board/BoardPage") },
              { path: "roadmap", lazy: () => import("./features/roadmap/RoadmapPage") },
              { path: "reports", lazy: () => import("./features/reports/ReportsPage") },
              { path: "members", lazy: () => import("./features/projects/MembersPage") },
              projectMeetingsRoute,
            ],
          },
          { path: "notifications", lazy: () => import("./features/notifications/NotificationsPage") },
          { path: "search", lazy: () => import("./features/search/SearchPage") },
          meetingsRoute,
          { path: "admin/users", lazy: () => import("./features/users/UsersPage") },
          { path: "*", lazy: () => import("./shell/NotFoundPage") },
        ],
      },
    ],
  },
]);
