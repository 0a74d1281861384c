import { Link as RouterLink } from "react-router";
import { Button, Typography } from "@mui/material";

export function Component() {
  return (
    <>
      <Typography variant="h1" sx={{ fontSize: "1.5rem", mb: 2 }}>
        Page not found
      </Typography>
      <Button component={RouterLink} to="/projects" variant="contained">
        Go to projects
      </Button>
    </>
  );
}
