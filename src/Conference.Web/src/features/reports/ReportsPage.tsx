import { useState, type ReactNode } from "react";
import { Alert, Box, Button, Grid, Paper, Stack, Typography } from "@mui/material";
import DownloadIcon from "@mui/icons-material/Download";
import { BarChart } from "@mui/x-charts/BarChart";
import { LineChart } from "@mui/x-charts/LineChart";
import { api } from "../../api/client";
import { unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { formatDay } from "../../common/labels";
import { useProject } from "../projects/projectContext";
import { authorizedFetch } from "../../auth/authorizedFetch";
import { statusCounts } from "./reportModel";

function Chart({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="figure" sx={{ p: 2, m: 0, height: "100%" }} aria-label={title}>
      <Typography component="figcaption" variant="h3" sx={{ fontSize: "1rem", fontWeight: 700 }}>
        {title}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {summary}
      </Typography>
      {children}
    </Paper>
  );
}

/** Status counts, burndown, velocity and cycle time as charts; the project's tasks as CSV. */
export function Component() {
  const { project, workflow } = useProject();
  const id = project.id;
  const data = useLoad(async () => {
    const path = { params: { path: { id } } };
    const [report, burndown, velocity, cycle] = await Promise.all([
      api.GET("/api/projects/{id}/report", path).then(unwrap),
      api.GET("/api/projects/{id}/report/burndown", path).then(unwrap),
      api.GET("/api/projects/{id}/report/velocity", path).then(unwrap),
      api.GET("/api/projects/{id}/report/cycle-time", path).then(unwrap),
    ]);
    return { report, burndown, velocity, cycle };
  }, [id]);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportCsv() {
    setExportError(null);
    const response = await authorizedFetch(new Request(`/api/projects/${id}/tasks`, { headers: { accept: "text/csv" } }));
    if (!response.ok) return setExportError("The export failed. Try again.");
    const url = URL.createObjectURL(await response.blob());
    Object.assign(document.createElement("a"), { href: url, download: `${project.name}-tasks.csv` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading label="Loading reports" />;
  const { report, burndown, velocity, cycle } = data.data;
  const counts = statusCounts(report, workflow.statuses);
  const median = cycle.medianHours == null ? null : Number(cycle.medianHours);
  const p85 = cycle.p85Hours == null ? null : Number(cycle.p85Hours);

  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: "center" }}>
        <Typography variant="h2" sx={{ fontSize: "1.25rem", flexGrow: 1 }}>
          Reports
        </Typography>
        <Button startIcon={<DownloadIcon />} variant="outlined" onClick={() => void exportCsv()}>
          Export CSV
        </Button>
      </Stack>
      {exportError && <Alert severity="error">{exportError}</Alert>}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart title="Tasks by status" summary={`${Number(report.total)} tasks, ${report.overdue.length} overdue`}>
            <BarChart
              height={240}
              xAxis={[{ scaleType: "band", data: counts.map((c) => c.name) }]}
              series={[{ data: counts.map((c) => c.count), label: "Tasks", color: "#1b4f9c" }]}
            />
          </Chart>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart title="Burndown" summary={`Open tasks per day, ${formatDay(burndown[0]?.date)} to ${formatDay(burndown.at(-1)?.date)}`}>
            <LineChart
              height={240}
              xAxis={[{ scaleType: "point", data: burndown.map((d) => d.date.slice(5)) }]}
              series={[
                { data: burndown.map((d) => Number(d.open)), label: "Open tasks", color: "#1b4f9c" },
                { data: burndown.map((d) => Number(d.openPoints)), label: "Open points", color: "#6a3d9a" },
              ]}
            />
          </Chart>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart title="Velocity" summary={`Tasks and points done per week, last ${velocity.length} weeks`}>
            <BarChart
              height={240}
              xAxis={[{ scaleType: "band", data: velocity.map((w) => w.weekStart.slice(5)) }]}
              series={[
                { data: velocity.map((w) => Number(w.done)), label: "Tasks done", color: "#1b4f9c" },
                { data: velocity.map((w) => Number(w.points)), label: "Points", color: "#6a3d9a" },
              ]}
            />
          </Chart>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Chart
            title="Cycle time"
            summary={
              Number(cycle.count)
                ? `Over ${Number(cycle.count)} done tasks: median ${median?.toFixed(1)} h, 85th percentile ${p85?.toFixed(1)} h`
                : "No task has gone from in progress to done yet."
            }
          >
            <Box sx={{ height: 240 }}>
              <BarChart
                height={240}
                layout="horizontal"
                yAxis={[{ scaleType: "band", data: ["Median", "85th pct."], width: 80 }]}
                series={[{ data: [median ?? 0, p85 ?? 0], label: "Hours", color: "#1b4f9c" }]}
              />
            </Box>
          </Chart>
        </Grid>
      </Grid>
    </Stack>
  );
}
