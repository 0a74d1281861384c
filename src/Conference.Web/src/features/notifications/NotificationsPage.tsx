import { Typography } from "@mui/material";

export function Component() {
  return <Typography variant="h1" sx={{ fontSize: "1.5rem" }}>Notifications</Typography>;
}
