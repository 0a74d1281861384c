import { RouterProvider } from "react-router";
import { router } from "./routes";

/**
 * The app: the router under the session (restored at start-up, main.tsx). No MUI here: the signed-in frame and the
 * board are plain elements with static stylesheets, and MUI (with the theme, shell/Themed.tsx) loads with the screens
 * and widgets that use it.
 */
export function App() {
  return <RouterProvider router={router} />;
}
