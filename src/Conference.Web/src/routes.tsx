import { createBrowserRouter, Navigate } from "react-router";
import { RequireAuth } from "./auth/RequireAuth";
import { RouteError } from "./shell/RouteError";
import { callRoutes, meetingsRoute, projectMeetingsRoute } from "./features/meetings/routes";
import { themedRoute } from "./shell/withTheme";
import { loadBoardPage, loadLayout, loadProjectPage } from "./routeModules";

/**
 * Every screen is its own chunk (route-level splitting), and so is the signed-in layout (navigation, the live hub):
 * the sign-in page loads only React, the router, the theme and its form. The router loads the chunks of all matched
 * routes at once (layout, project, board in parallel). The frame, a project's header and the board are made without
 * MUI (plain elements, static CSS); every other screen loads MUI and renders inside its theme (themedRoute).
 */
export const router = createBrowserRouter([
  { path: "/signin", lazy: themedRoute(() => import("./auth/SignInPage")), errorElement: <RouteError /> },
  { path: "/signup", lazy: themedRoute(() => import("./auth/SignUpPage")), errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      ...callRoutes,
      {
        path: "/",
        lazy: loadLayout,
        // Here, not only above: a signed-in screen that fails (e.g. its chunk) leaves RequireAuth in place, so a
        // signed-out visitor is still sent to sign-in instead of seeing the error.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <Navigate to="/projects" replace /> },
          { path: "projects", lazy: themedRoute(() => import("./features/projects/ProjectsPage")) },
          {
            path: "projects/:projectId",
            lazy: loadProjectPage,
            children: [
              { index: true, element: <Navigate to="board" replace /> },
              { path: "board", lazy: loadBoardPage },
              { path: "roadmap", lazy: themedRoute(() => import("./features/roadmap/RoadmapPage")) },
              { path: "reports", lazy: themedRoute(() => import("./features/reports/ReportsPage")) },
              { path: "members", lazy: themedRoute(() => import("./features/projects/MembersPage")) },
              projectMeetingsRoute,
            ],
          },
          { path: "notifications", lazy: themedRoute(() => import("./features/notifications/NotificationsPage")) },
          { path: "search", lazy: themedRoute(() => import("./features/search/SearchPage")) },
          meetingsRoute,
          { path: "admin/users", lazy: themedRoute(() => import("./features/users/UsersPage")) },
          { path: "*", lazy: themedRoute(() => import("./shell/NotFoundPage")) },
        ],
      },
    ],
  },
]);
