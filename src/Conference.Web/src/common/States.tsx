import type { ReactNode } from "react";
import { problemMessage } from "../api/problems";

/*
 * The states every screen shows: plain elements styled by base.css (inlined into index.html), so they need neither
 * MUI nor a screen's stylesheet, and show the same before and after either has loaded.
 */

/** A busy indicator that screen readers announce. */
export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="loading">
      <span className="spinner" role="progressbar" aria-label={label} />
      <p className="loading-text">{label}…</p>
    </div>
  );
}

const errorIcon = "M11 15h2v2h-2zm0-8h2v6h-2zm.99-5C6.47 2 2 6.48 2 12s4.47 10 9.99 10C17.52 22 22 17.52 22 12S17.52 2 11.99 2zM12 20c-4.42 0-8-3.58-8-8s3.58-8 8-8 8 3.58 8 8-3.58 8-8 8z";
const warningIcon = "M12 5.99L19.53 19H4.47L12 5.99M12 2L1 21h22L12 2zm1 14h-2v2h2v-2zm0-6h-2v4h2v-4z";

/** MUI's standard alert, as plain elements: an icon, the words, an optional action. */
export function Notice({ severity, action, children, className }: { severity: "error" | "warning"; action?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div role="alert" className={`alert alert-${severity}${className ? ` ${className}` : ""}`}>
      <span className="alert-icon" aria-hidden="true">
        <svg viewBox="0 0 24 24" focusable="false">
          <path d={severity === "error" ? errorIcon : warningIcon} />
        </svg>
      </span>
      <div className="alert-message">{children}</div>
      {action && <div className="alert-action">{action}</div>}
    </div>
  );
}

/** The words of a failed load, with a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Notice
      severity="error"
      className="error-state"
      action={
        onRetry && (
          <button type="button" className="btn btn-sm btn-inherit" onClick={onRetry}>
            Retry
          </button>
        )
      }
    >
      {problemMessage(error)}
    </Notice>
  );
}

/** Nothing here yet, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      {children}
    </div>
  );
}
