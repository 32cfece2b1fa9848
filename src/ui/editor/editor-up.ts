/**
 * Tells the engine, once, that the editor is on screen (or could not load):
 * on a first visit Python's start waits for it, so the two do not share the
 * CPU (engine-worker.ts, "python.start").
 */
import { engine } from "../../worker/client.ts";

let told = false;

export function tellEditorUp(): void {
  if (told) return;
  told = true;
  // After the frame that shows it: the message starts heavy work on the other threads.
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    engine().call("python.start", {}).catch(() => {});
  };
  requestAnimationFrame(() => setTimeout(send, 0));
  setTimeout(send, 200); // a tab that does not paint
}
