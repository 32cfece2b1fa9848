import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { VHOST_PREFIX } from "./model/vhost-url.ts";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
const note = (text: string) => <p style={{ font: "14px system-ui", margin: "1rem" }}>{text}</p>;
if (location.pathname.startsWith(VHOST_PREFIX)) {
  // A preview URL reached the static server because the service worker was
  // not in control yet (first load, or a hard reload of the frame).
  root.render(note("The preview is starting… run the request again."));
} else if (window.top !== window) {
  // The app never runs inside a frame: this is the preview, sent to one of
  // the app's own URLs by a script (e.g. location = "/").
  root.render(note("This page left the emulated server (it asked for one of CGI Lab's own URLs)."));
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
