import { useEffect, useState } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import {
  AppBar, Badge, Box, Drawer, IconButton, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Toolbar, Tooltip, Typography,
  useMediaQuery,
} from "@mui/material";
import { useTheme } from "@mui/material/styles";
import { visuallyHidden } from "../common/States";
import MenuIcon from "@mui/icons-material/Menu";
import FolderIcon from "@mui/icons-material/FolderOutlined";
import SearchIcon from "@mui/icons-material/Search";
import VideocamIcon from "@mui/icons-material/VideocamOutlined";
import NotificationsIcon from "@mui/icons-material/NotificationsOutlined";
import PeopleIcon from "@mui/icons-material/PeopleOutline";
import LogoutIcon from "@mui/icons-material/Logout";
import { useAuth } from "../auth/store";
import { useNotifications } from "../features/notifications/store";
import { closeLiveHub, onLive } from "../live/hub";
import type { Schemas } from "../api/client";

const drawerWidth = 220;

/** The signed-in frame: app bar, navigation (a drawer on phones), the screen, and the live notification count. */
export function Component() {
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up("md"), { noSsr: true }); // no SSR: the first render already knows (no second pass)
  const [open, setOpen] = useState(false);
  const user = useAuth((s) => s.user);
  const signOut = useAuth((s) => s.signOut);
  const unread = useNotifications((s) => s.unread);
  const navigate = useNavigate();

  useEffect(() => {
    void useNotifications.getState().loadUnread().catch(() => undefined);
    return onLive<Schemas["Notification"]>("notification", (n) => useNotifications.getState().received(n));
  }, []);

  const links = [
    { to: "/projects", label: "Projects", icon: <FolderIcon /> },
    { to: "/meetings", label: "Meetings", icon: <VideocamIcon /> },
    { to: "/search", label: "Search", icon: <SearchIcon /> },
    {
      to: "/notifications",
      label: "Notifications",
      icon: (
        <Badge badgeContent={unread} color="error" max={99} aria-hidden="true">
          <NotificationsIcon />
        </Badge>
      ),
      extra: unread ? `, ${unread} unread` : "",
    },
    ...(user?.role === "admin" ? [{ to: "/admin/users", label: "Users", icon: <PeopleIcon /> }] : []),
  ];

  const nav = (
    <Box component="nav" aria-label="Main">
      <Toolbar />
      <List>
        {links.map((link) => (
          <ListItem key={link.to} disablePadding>
            <ListItemButton
              component={NavLink}
              to={link.to}
              onClick={() => setOpen(false)}
              sx={{ "&.active": { bgcolor: "action.selected", fontWeight: 600 } }}
            >
              <ListItemIcon>{link.icon}</ListItemIcon>
              <ListItemText
                primary={
                  <>
                    {link.label}
                    {link.extra && <Box component="span" sx={visuallyHidden}>{link.extra}</Box>}
                  </>
                }
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
    </Box>
  );

  async function leave() {
    await closeLiveHub();
    useNotifications.getState().reset();
    await signOut();
    navigate("/signin");
  }

  return (
    <Box sx={{ display: "flex", minHeight: "100vh" }}>
      <AppBar position="fixed" sx={{ zIndex: theme.zIndex.drawer + 1 }}>
        <Toolbar>
          {!wide && (
            <IconButton color="inherit" edge="start" aria-label="Open navigation" onClick={() => setOpen(true)} sx={{ mr: 1 }}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography component="p" variant="h6" sx={{ flexGrow: 1, fontWeight: 700 }}>
            Conference
          </Typography>
          <Typography sx={{ mr: 1, display: { xs: "none", sm: "block" } }} data-testid="current-user">
            {user?.name}
          </Typography>
          <Tooltip title="Sign out">
            <IconButton color="inherit" aria-label="Sign out" onClick={() => void leave()}>
              <LogoutIcon />
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Drawer
        variant={wide ? "permanent" : "temporary"}
        open={wide || open}
        onClose={() => setOpen(false)}
        sx={{ width: wide ? drawerWidth : undefined, flexShrink: 0, "& .MuiDrawer-paper": { width: drawerWidth } }}
      >
        {nav}
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, minWidth: 0, p: { xs: 1.5, sm: 3 } }}>
        <Toolbar />
        <Outlet />
      </Box>
    </Box>
  );
}
