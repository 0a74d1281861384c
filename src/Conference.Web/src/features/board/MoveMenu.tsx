import { Menu, MenuItem } from "@mui/material";
import type { Schemas } from "../../api/client";

interface Props {
  anchor: HTMLElement;
  statuses: Schemas["WorkflowStatus"][];
  column: string;
  onMove(to: string): void;
  onClose(): void;
}

/** A card's "Move" menu (MUI's, keyboard-operable): the other columns. Loaded when first opened. */
export default function MoveMenu({ anchor, statuses, column, onMove, onClose }: Props) {
  return (
    <Menu anchorEl={anchor} open onClose={onClose}>
      {statuses
        .filter((s) => s.key !== column)
        .map((s) => (
          <MenuItem
            key={s.key}
            onClick={() => {
              onClose();
              onMove(s.key);
            }}
          >
            Move to {s.name}
          </MenuItem>
        ))}
    </Menu>
  );
}
