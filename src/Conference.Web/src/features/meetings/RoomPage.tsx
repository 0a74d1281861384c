import { useParams, Link as RouterLink } from "react-router";
import { Box, Button, Typography } from "@mui/material";

/** The call screen (placeholder: the meetings work replaces it with pre-join, grid, chat and controls). */
export function Component() {
  const { roomId } = useParams();
  return (
    <Box component="main" sx={{ p: 3 }}>
      <Typography variant="h1" sx={{ fontSize: "1.5rem" }}>
        Room {roomId}
      </Typography>
      <Button component={RouterLink} to="/projects" sx={{ mt: 2 }}>
        Back to projects
      </Button>
    </Box>
  );
}
