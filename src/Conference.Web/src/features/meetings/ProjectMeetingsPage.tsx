import { Typography } from "@mui/material";
import { EmptyState } from "../../common/States";

/** A project's rooms and meetings history (placeholder: the meetings work fills it). */
export function Component() {
  return (
    <>
      <Typography variant="h2" sx={{ fontSize: "1.25rem", mb: 2 }}>
        Meetings
      </Typography>
      <EmptyState title="No meetings yet" />
    </>
  );
}
