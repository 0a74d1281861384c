import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { prefetchOpenedProject } from "./features/projects/projectData";
import "./base.css";

// A returning user opening a project: its data is asked for now, while the session is being restored.
prefetchOpenedProject(window.location.pathname);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
