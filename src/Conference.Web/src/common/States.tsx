import type { ReactNode } from "react";
import { Alert, Box, Button, CircularProgress, Typography } from "@mui/material";
import { problemMessage } from "../api/problems";

/** A busy indicator that screen readers announce. */
export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <Box role="status" aria-live="polite" sx={{ display: "flex", alignItems: "center", gap: 2, p: 3 }}>
      <CircularProgress size={24} aria-label={label} />
      <Typography>{label}…</Typography>
    </Box>
  );
}

/** The words of a failed load, with a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert
      severity="error"
      sx={{ m: 2 }}
      action={
        onRetry && (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        )
      }
    >
      {problemMessage(error)}
    </Alert>
  );
}

/** Nothing here yet, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box sx={{ p: 4, textAlign: "center", color: "text.secondary" }}>
      <Typography variant="h6" component="p">
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Text for screen readers only (e.g. "3 unread" beside a badge). */
export const visuallyHidden = {
  border: 0, clip: "rect(0 0 0 0)", height: "1px", margin: "-1px", overflow: "hidden", padding: 0, position: "absolute", whiteSpace: "nowrap", width: "1px",
} as const;
