/** The "CGI vs FastCGI" panel in a modal dialog, opened from the header (lazily loaded by app.tsx). */
import { useEffect, useRef } from "react";
import { CgiVsFastcgiPanel } from "./bench-panel.tsx";

export default function BenchDialog({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="bench-dialog" aria-label="CGI vs FastCGI benchmark" onClose={onClose}>
      <button type="button" className="ghost bench-close" aria-label="Close the benchmark" onClick={onClose}>
        ×
      </button>
      <CgiVsFastcgiPanel />
    </dialog>
  );
}
