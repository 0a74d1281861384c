import { createTheme } from "@mui/material/styles";

/** Colours chosen for WCAG AA contrast on white (axe's colour-contrast rule). */
export const theme = createTheme({
  palette: {
    primary: { main: "#1b4f9c" },
    secondary: { main: "#6a3d9a" },
    info: { main: "#0b5cad" },
    warning: { main: "#8a4b00" },
    success: { main: "#1e6b24" },
    background: { default: "#f5f6f8" },
  },
  shape: { borderRadius: 8 },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
  },
});
