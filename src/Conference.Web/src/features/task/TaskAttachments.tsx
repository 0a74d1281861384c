import { useRef, useState } from "react";
import { Alert, Button, IconButton, List, ListItem, ListItemText, Stack, Typography } from "@mui/material";
import UploadIcon from "@mui/icons-material/UploadFile";
import DownloadIcon from "@mui/icons-material/Download";
import DeleteIcon from "@mui/icons-material/DeleteOutline";
import { api, type Schemas } from "../../api/client";
import { problemMessage, unwrap } from "../../api/problems";
import { useLoad } from "../../common/useLoad";
import { ErrorState, Loading } from "../../common/States";
import { formatTime } from "../../common/labels";

type Attachment = Schemas["Attachment"];

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Upload (multipart), download (through the authorized client, then saved from a blob URL), delete. */
export function TaskAttachments({ taskId }: { taskId: string }) {
  const list = useLoad(async () => unwrap(await api.GET("/api/tasks/{id}/attachments", { params: { path: { id: taskId }, query: { limit: 200 } } })).items, [taskId]);
  const picker = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(files: FileList | null) {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    try {
      for (const file of Array.from(files)) {
        const form = new FormData();
        form.append("file", file);
        const created = unwrap(
          await api.POST("/api/tasks/{id}/attachments", {
            params: { path: { id: taskId } },
            body: form as never,
            bodySerializer: (b) => b as unknown as FormData,
          }),
        );
        list.setData((l) => [...(l ?? []), created]);
      }
    } catch (failure) {
      setError(problemMessage(failure, "The upload failed."));
    } finally {
      setBusy(false);
      if (picker.current) picker.current.value = "";
    }
  }

  async function download(a: Attachment) {
    setError(null);
    const { data, response } = await api.GET("/api/tasks/{id}/attachments/{attachmentId}", {
      params: { path: { id: taskId, attachmentId: a.id } },
      parseAs: "blob",
    });
    if (!response.ok || !data) return setError("The download failed.");
    const url = URL.createObjectURL(data as Blob);
    const link = Object.assign(document.createElement("a"), { href: url, download: a.fileName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function remove(a: Attachment) {
    setError(null);
    try {
      unwrap(await api.DELETE("/api/tasks/{id}/attachments/{attachmentId}", { params: { path: { id: taskId, attachmentId: a.id } } }));
      list.setData((l) => l?.filter((x) => x.id !== a.id));
    } catch (failure) {
      setError(problemMessage(failure));
    }
  }

  return (
    <Stack spacing={1}>
      {error && <Alert severity="error">{error}</Alert>}
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading label="Loading attachments" />
      ) : list.data.length === 0 ? (
        <Typography color="text.secondary">No attachments.</Typography>
      ) : (
        <List dense aria-label="Attachments" disablePadding>
          {list.data.map((a) => (
            <ListItem
              key={a.id}
              disableGutters
              secondaryAction={
                <>
                  <IconButton aria-label={`Download ${a.fileName}`} onClick={() => void download(a)}>
                    <DownloadIcon />
                  </IconButton>
                  <IconButton aria-label={`Delete ${a.fileName}`} onClick={() => void remove(a)}>
                    <DeleteIcon />
                  </IconButton>
                </>
              }
            >
              <ListItemText primary={a.fileName} secondary={`${formatSize(Number(a.size))} · ${formatTime(a.uploadedAt)}`} />
            </ListItem>
          ))}
        </List>
      )}
      <input ref={picker} type="file" multiple hidden aria-label="Choose files to attach" onChange={(e) => void upload(e.target.files)} />
      <Button startIcon={<UploadIcon />} variant="outlined" size="small" disabled={busy} onClick={() => picker.current?.click()} sx={{ alignSelf: "flex-start" }}>
        {busy ? "Uploading…" : "Attach files"}
      </Button>
    </Stack>
  );
}
