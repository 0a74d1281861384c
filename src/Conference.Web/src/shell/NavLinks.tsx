import { NavLink } from "react-router";
import { useNotifications } from "../features/notifications/store";
import { Icon, type IconName } from "../common/icons";

/** The main navigation's links (the current one marked), with the unread notification count. */
export function NavLinks({ admin, onNavigate }: { admin: boolean; onNavigate?: () => void }) {
  const unread = useNotifications((s) => s.unread);
  const links: { to: string; label: string; icon: IconName; extra?: string; badge?: number }[] = [
    { to: "/projects", label: "Projects", icon: "folder" },
    { to: "/meetings", label: "Meetings", icon: "videocam" },
    { to: "/search", label: "Search", icon: "search" },
    { to: "/notifications", label: "Notifications", icon: "notifications", extra: unread ? `, ${unread} unread` : "", badge: unread },
    ...(admin ? [{ to: "/admin/users", label: "Users", icon: "people" as const }] : []),
  ];
  return (
    <nav aria-label="Main">
      <ul className="nav-list">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} className="nav-link" onClick={onNavigate}>
              <span className="nav-icon">
                <span className="badge-anchor">
                  <Icon name={link.icon} />
                  {link.badge ? (
                    <span className="badge" aria-hidden="true">
                      {link.badge > 99 ? "99+" : link.badge}
                    </span>
                  ) : null}
                </span>
              </span>
              {link.label}
              {link.extra && <span className="sr-only">{link.extra}</span>}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
