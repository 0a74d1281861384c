import { useEffect } from "react";
import { RouterProvider } from "react-router";
import { CssBaseline, ThemeProvider } from "@mui/material";
import { theme } from "./shell/theme";
import { router } from "./routes";
import { useAuth } from "./auth/store";

export function App() {
  useEffect(() => void useAuth.getState().restore(), []);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <RouterProvider router={router} />
    </ThemeProvider>
  );
}
