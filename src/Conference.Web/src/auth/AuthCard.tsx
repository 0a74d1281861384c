import type { ReactNode } from "react";
import { Box, Paper, Typography } from "@mui/material";

/** The centred card of the sign-in and sign-up pages (fits 360 px). */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="main" sx={{ minHeight: "100vh", display: "grid", placeItems: "center", p: 2 }}>
      <Paper sx={{ p: { xs: 3, sm: 4 }, width: "100%", maxWidth: 420 }}>
        <Typography variant="h5" component="p" sx={{ color: "primary.main", fontWeight: 700, mb: 1 }}>
          Conference
        </Typography>
        <Typography variant="h1" sx={{ fontSize: "1.5rem", mb: 3 }}>
          {title}
        </Typography>
        {children}
      </Paper>
    </Box>
  );
}
