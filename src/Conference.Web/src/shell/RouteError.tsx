import { useRouteError, Link as RouterLink } from "react-router";
import { Box, Button, Typography } from "@mui/material";

/** A screen that failed to load (e.g. its chunk after a deploy): say so and offer a reload. */
export function RouteError() {
  const error = useRouteError() as { message?: string; statusText?: string } | undefined;
  return (
    <Box component="main" sx={{ p: 4 }}>
      <Typography variant="h1" sx={{ fontSize: "1.5rem", mb: 1 }}>
        This page could not be shown
      </Typography>
      <Typography sx={{ mb: 2 }}>{error?.message ?? error?.statusText ?? "Unknown error."}</Typography>
      <Button variant="contained" onClick={() => window.location.reload()} sx={{ mr: 1 }}>
        Reload
      </Button>
      <Button component={RouterLink} to="/">
        Home
      </Button>
    </Box>
  );
}
