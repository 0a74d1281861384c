import type { ReactNode } from "react";
import { Alert, Box, Button, Typography } from "@mui/material";
import { problemMessage } from "../api/problems";

/**
 * A busy indicator that screen readers announce. Plain elements styled by index.html's own stylesheet (it is on
 * screen before the scripts that would style it at run time have arrived, e.g. while the session is read).
 */
export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="loading">
      <span className="spinner" role="progressbar" aria-label={label} />
      <p className="loading-text">{label}…</p>
    </div>
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
