import { memo, Suspense, useState } from "react";
import { useDraggable } from "@dnd-kit/core";
import type { Schemas, Task } from "../../api/client";
import { formatDay, humanize, isOverdue } from "../../common/labels";
import { Icon, type IconName } from "../../common/icons";
import { initials } from "../users/directory";
import { lazyThemed } from "../../shell/withTheme";

const MoveMenu = lazyThemed(() => import("./MoveMenu"));

const typeIcons: Record<string, IconName> = { bug: "bug", story: "story", epic: "epic", task: "task" };
const priorityChips: Record<string, string> = { low: "", medium: " chip-info", high: " chip-warning", urgent: " chip-error" };

interface Props {
  task: Task;
  /** The assignee's name (null: unassigned). */
  assignee: string | null;
  statuses: Schemas["WorkflowStatus"][];
  column: string;
  onOpen(task: Task): void;
  onMove(task: Task, to: string): void;
}

/**
 * A card: type, priority, assignee, due date, labels. Drag it, or use its "Move" menu from the keyboard. Plain
 * elements (board.css): a board has many cards and renders them all at once; MUI only for the menu, once opened.
 */
export const TaskCard = memo(function TaskCard({ task, assignee, statuses, column, onOpen, onMove }: Props) {
  // Pointer dragging only: keyboard users move cards with the "Move" menu (dnd-kit's button role around the card's
  // own buttons would nest interactive controls).
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: task.id, data: { task } });
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const type = task.type ?? "task";
  const overdue = isOverdue(task.dueDate) && column !== "done";

  return (
    <li
      ref={setNodeRef}
      className={isDragging ? "task-card dragging" : "task-card"}
      data-testid="task-card"
      data-task-id={task.id}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
      {...listeners}
    >
      <button type="button" className="card-open" onClick={() => onOpen(task)}>
        <span className="card-title-row">
          <Icon name={typeIcons[type] ?? "task"} small label={humanize(type)} className={type === "bug" ? "card-type bug" : "card-type"} />
          <span className="card-title">{task.name}</span>
        </span>
        <span className="card-meta">
          <span className={`chip chip-outlined${priorityChips[task.priority] ?? ""}`}>{humanize(task.priority)}</span>
          {task.dueDate && <span className={overdue ? "chip chip-error-filled" : "chip chip-outlined"}>Due {formatDay(task.dueDate)}</span>}
          {(task.labels ?? []).map((l) => (
            <span key={l} className="chip">
              {l}
            </span>
          ))}
          <span className="spacer" />
          {assignee && (
            <span className="avatar" role="img" aria-label={`Assigned to ${assignee}`} title={assignee}>
              {initials(assignee)}
            </span>
          )}
        </span>
      </button>
      <button
        type="button"
        className="icon-btn icon-btn-sm card-more"
        aria-label={`Move ${task.name}`}
        aria-haspopup="menu"
        onClick={(e) => setMenu(e.currentTarget)}
        onPointerDown={(e) => e.stopPropagation()}
      >
        <Icon name="more" small />
      </button>
      {menu && (
        <Suspense fallback={null}>
          <MoveMenu anchor={menu} statuses={statuses} column={column} onMove={(to) => onMove(task, to)} onClose={() => setMenu(null)} />
        </Suspense>
      )}
    </li>
  );
});
