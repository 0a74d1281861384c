import { Alert, Snackbar } from "@mui/material";

/** A failure of an action on the board (a move, a quick add), in words, for a few seconds (MUI's snackbar). */
export default function ErrorToast({ message, onClose }: { message: string; onClose(): void }) {
  return (
    <Snackbar open autoHideDuration={6000} onClose={onClose}>
      <Alert severity="error" onClose={onClose}>
        {message}
      </Alert>
    </Snackbar>
  );
}
