import { Drawer } from "@mui/material";
import { NavLinks } from "./NavLinks";

/** The navigation on phones: MUI's temporary drawer (backdrop, focus trap, Escape), below the app bar. */
export default function NavDrawer({ open, onClose, admin }: { open: boolean; onClose(): void; admin: boolean }) {
  return (
    <Drawer variant="temporary" open={open} onClose={onClose} sx={{ "& .MuiDrawer-paper": { width: 220 } }}>
      <div className="bar-space" />
      <NavLinks admin={admin} onNavigate={onClose} />
    </Drawer>
  );
}
