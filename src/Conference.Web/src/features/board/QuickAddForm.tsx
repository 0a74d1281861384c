import { useState, type FormEvent } from "react";
import { Box, Button, Stack, TextField } from "@mui/material";

interface Props {
  statusName: string;
  onAdd(name: string): Promise<boolean>;
  onCancel(): void;
}

/** A column's quick add (MUI's field and buttons), loaded when first opened. Enter adds; Escape closes. */
export default function QuickAddForm({ statusName, onAdd, onCancel }: Props) {
  const [name, setName] = useState("");

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    if (await onAdd(name.trim())) setName("");
  }

  return (
    <Box component="form" onSubmit={add} sx={{ mt: 1 }}>
      <TextField
        size="small"
        fullWidth
        autoFocus
        label={`New task in ${statusName}`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && onCancel()}
      />
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        <Button type="submit" size="small" variant="contained">
          Add
        </Button>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </Box>
  );
}
