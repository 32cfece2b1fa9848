import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { VHOST_PREFIX } from "./model/vhost-url.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
if (location.pathname.startsWith(VHOST_PREFIX)) {
  // A preview URL reached the static server because the service worker was
  // not in control yet (first load, or a hard reload of the frame).
  root.render(<p style={{ font: "14px system-ui", margin: "1rem" }}>The preview is starting… run the request again.</p>);
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
