import { useEffect } from "react";
import { RouterProvider } from "react-router";
import { router } from "./routes";
import { useAuth } from "./auth/store";

/**
 * The app: the router under the session. No MUI here: the signed-in frame and the board are plain elements with
 * static stylesheets, and MUI (with the theme, shell/Themed.tsx) loads with the screens and widgets that use it.
 */
export function App() {
  useEffect(() => void useAuth.getState().restore(), []);
  return <RouterProvider router={router} />;
}
