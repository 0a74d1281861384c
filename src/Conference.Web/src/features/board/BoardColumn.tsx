import { memo, Suspense, useCallback, useState } from "react";
import { useDroppable } from "@dnd-kit/core";
import type { Schemas, Task, User } from "../../api/client";
import { Icon } from "../../common/icons";
import { displayName } from "../users/directory";
import { TaskCard } from "./TaskCard";
import { lazyThemed } from "../../shell/withTheme";

const QuickAddForm = lazyThemed(() => import("./QuickAddForm"));

interface Props {
  status: Schemas["WorkflowStatus"];
  statuses: Schemas["WorkflowStatus"][];
  tasks: Task[];
  byId: Record<string, User>;
  onOpen(task: Task): void;
  onMove(task: Task, to: string): void;
  onQuickAdd(name: string, status: string): Promise<boolean>;
}

/** One workflow status: its cards (a drop target) and a quick add at the bottom (MUI's field, once opened). */
export const BoardColumn = memo(function BoardColumn({ status, statuses, tasks, byId, onOpen, onMove, onQuickAdd }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: status.key });
  const [adding, setAdding] = useState(false);
  const headingId = `column-${status.key}`;
  const add = useCallback((name: string) => onQuickAdd(name, status.key), [onQuickAdd, status.key]);

  return (
    <section ref={setNodeRef} aria-labelledby={headingId} data-testid={`column-${status.key}`} className={isOver ? "board-column over" : "board-column"}>
      <div className="column-head">
        <h2 id={headingId} className="column-title">
          {status.name}
        </h2>
        <p className="column-count" aria-label={`${tasks.length} tasks`}>
          {tasks.length}
        </p>
      </div>
      <ul className="column-cards" aria-label={`${status.name} tasks`}>
        {tasks.map((t) => (
          <TaskCard
            key={t.id}
            task={t}
            assignee={t.assignee ? displayName(byId, t.assignee) : null}
            statuses={statuses}
            column={status.key}
            onOpen={onOpen}
            onMove={onMove}
          />
        ))}
      </ul>
      {adding ? (
        <Suspense fallback={null}>
          <QuickAddForm statusName={status.name} onAdd={add} onCancel={() => setAdding(false)} />
        </Suspense>
      ) : (
        <button type="button" className="btn btn-sm column-add" onClick={() => setAdding(true)}>
          <Icon name="add" small />
          Add task to {status.name}
        </button>
      )}
    </section>
  );
});
