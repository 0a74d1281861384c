import type { ReactNode } from "react";
import { ThemeProvider } from "@mui/material/styles";
import { theme } from "./theme";

/** MUI's theme around what renders MUI components (screens and widgets loaded with MUI; see withTheme.tsx). */
export function Themed({ children }: { children: ReactNode }) {
  return <ThemeProvider theme={theme}>{children}</ThemeProvider>;
}
