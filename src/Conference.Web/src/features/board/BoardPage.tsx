import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { DndContext, PointerSensor, TouchSensor, pointerWithin, rectIntersection, useSensor, useSensors, type CollisionDetection, type DragEndEvent } from "@dnd-kit/core";
import { api, type Schemas, type Task } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { EmptyState, ErrorState, Loading, Notice } from "../../common/States";
import { lazyThemed } from "../../shell/withTheme";
import { onLive, watchProject } from "../../live/hub";
import { useProject } from "../projects/projectContext";
import { useDirectory } from "../users/directory";
import { applyTaskEvent, columnOf, columns, labelsOf, noFilters, type BoardFilters, type ProjectEvent } from "./boardModel";
import { BoardColumn } from "./BoardColumn";
import { BoardFiltersBar } from "./BoardFiltersBar";
import { boardTasks, isConflict, loadTasks, patchTask, readyTasks, sameTasks } from "./tasks";
import { boardMilestones, readyMilestones } from "./milestones";
import "./board.css";

// MUI's widgets load when first shown: the board's first screen is plain elements (board.css).
const TaskDrawer = lazyThemed(() => import("../task/TaskDrawer"));
const ErrorToast = lazyThemed(() => import("./ErrorToast"));
const noTasks: Task[] = [];

/** The column under the pointer (what the user aims at), else the one the card overlaps most. */
const dropTarget: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  return under.length ? under : rectIntersection(args);
};

/** The board: a column per workflow status, live, with optimistic moves checked by If-Match. */
export function Component() {
  const { project, workflow, members } = useProject();
  const byId = useDirectory((s) => s.byId);
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<BoardFilters>(noFilters);
  const [conflict, setConflict] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Asked for at start-up when the board is the page opened (features/projects/projectData.ts): when already here,
  // the board's first render shows them.
  const tasks = useLoad(() => boardTasks(project.id), [project.id], () => readyTasks(project.id));
  const milestones = useLoad(() => boardMilestones(project.id), [project.id], () => readyMilestones(project.id));
  const { reload, setData } = tasks;
  const openTaskId = params.get("task");

  // Live: other people's changes arrive as hub events. Events are not stored: once the watch is in place (it starts
  // after the first screen is up) and after a reconnect, the board fetches the tasks again and takes them if they
  // differ from what it shows (no re-render otherwise).
  useEffect(() => {
    const apply = (event: ProjectEvent) => event.projectId === project.id && setData((list) => list && applyTaskEvent(list, event));
    const sync = () =>
      void loadTasks(project.id).then(
        (fresh) => setData((list) => (list && sameTasks(list, fresh) ? list : fresh)),
        () => undefined,
      );
    const stop = [
      watchProject(project.id, sync),
      onLive<ProjectEvent>("taskCreated", apply),
      onLive<ProjectEvent>("taskUpdated", apply),
      onLive<ProjectEvent>("taskDeleted", apply),
    ];
    return () => stop.forEach((s) => s());
  }, [project.id, setData]);

  const replace = useCallback((task: Task) => setData((list) => list && applyTaskEvent(list, { id: "", type: "task.updated", projectId: task.projectId, actorId: null, data: task })), [setData]);

  const move = useCallback(
    async (task: Task, to: string) => {
      if (columnOf(task, workflow.statuses) === to) return;
      setData((list) => list?.map((t) => (t.id === task.id ? { ...t, workflowStatus: to } : t)));
      try {
        replace(await patchTask(task, { workflowStatus: to }));
      } catch (error) {
        setData((list) => list?.map((t) => (t.id === task.id && Number(t.version) === Number(task.version) ? task : t)));
        if (isConflict(error)) setConflict(`“${task.name}” was changed by someone else before your move, so it was not moved.`);
        else setNotice(problemMessage(error, "The task could not be moved."));
      }
    },
    [workflow.statuses, setData, replace],
  );

  const quickAdd = useCallback(
    async (name: string, status: string) => {
      try {
        const created = unwrap(
          await api.POST("/api/projects/{id}/tasks", {
            params: { path: { id: project.id } },
            body: { name, workflowStatus: status } as Schemas["TaskInput"],
          }),
        );
        setData((list) => list && applyTaskEvent(list, { id: "", type: "task.created", projectId: project.id, actorId: null, data: created }));
        return true;
      } catch (error) {
        setNotice(problemMessage(error, "The task could not be added."));
        return false;
      }
    },
    [project.id, setData],
  );

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }));
  // The card follows the pointer, so the pointer-up of a drag lands on it and clicks it: that click is not an "open".
  const dragEndedAt = useRef(0);
  const onDragEnd = (event: DragEndEvent) => {
    dragEndedAt.current = performance.now();
    const task = event.active.data.current?.task as Task | undefined;
    if (task && event.over) void move(tasks.data?.find((t) => t.id === task.id) ?? task, String(event.over.id));
  };

  const grouped = useMemo(() => columns(tasks.data ?? [], workflow.statuses, filters), [tasks.data, workflow.statuses, filters]);
  // Stable (the search parameters' setter changes with them): opening a task re-renders no card.
  const setParamsRef = useRef(setParams);
  useEffect(() => {
    setParamsRef.current = setParams;
  }, [setParams]);
  const open = useCallback(
    (task: Task) => performance.now() - dragEndedAt.current > 300 && setParamsRef.current((p) => (p.set("task", task.id), p)),
    [],
  );

  if (tasks.error && !tasks.data) return <ErrorState error={tasks.error} onRetry={tasks.reload} />;
  if (!tasks.data) return <Loading label="Loading the board" />;

  return (
    <>
      <BoardFiltersBar
        filters={filters}
        onChange={setFilters}
        assignees={members.map((m) => byId[m.userId]).filter((u) => u !== undefined)}
        labels={labelsOf(tasks.data)}
        milestones={milestones.data ?? []}
      />
      {conflict && (
        <Notice
          severity="warning"
          className="board-conflict"
          action={
            <button
              type="button"
              className="btn btn-sm btn-inherit"
              onClick={() => {
                setConflict(null);
                reload();
              }}
            >
              Reload
            </button>
          }
        >
          {conflict} Reload to see the latest board.
        </Notice>
      )}
      {tasks.data.length === 0 && <EmptyState title="No tasks yet: add the first one to a column." />}
      <DndContext sensors={sensors} collisionDetection={dropTarget} onDragEnd={onDragEnd}>
        <div className="board-columns">
          {workflow.statuses.map((s) => (
            <BoardColumn
              key={s.key}
              status={s}
              statuses={workflow.statuses}
              tasks={grouped.get(s.key) ?? noTasks}
              byId={byId}
              onOpen={open}
              onMove={move}
              onQuickAdd={quickAdd}
            />
          ))}
        </div>
      </DndContext>
      {notice && (
        <Suspense fallback={null}>
          <ErrorToast message={notice} onClose={() => setNotice(null)} />
        </Suspense>
      )}
      {openTaskId && (
        <Suspense fallback={null}>
          <TaskDrawer
            taskId={openTaskId}
            tasks={tasks.data}
            milestones={milestones.data ?? []}
            onChanged={replace}
            onDeleted={(id) => setData((list) => list?.filter((t) => t.id !== id))}
            onClose={() => setParams((p) => (p.delete("task"), p))}
          />
        </Suspense>
      )}
    </>
  );
}
