/** The terminal ran a line (setenforce, apachectl…): the lesson view re-checks the machine. */
type Listener = () => void;
const listeners = new Set<Listener>();

export function notifyMachineActivity(): void {
  for (const l of listeners) l();
}

export function onMachineActivity(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
