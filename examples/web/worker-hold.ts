// Imported first by ./worker.ts, before the modules that take a second or more to load: keeps
// the connections the primary hands this worker before it serves (see `heldConnections`).
const held: Array<[unknown, unknown]> = []

const hold = (message: unknown, handle: unknown): void => {
  const type = (message as { type?: unknown } | null)?.type
  if (typeof type === 'string' && /^(no)?sticky:/.test(type)) held.push([message, handle])
}
process.on('message', hold)

/**
 * Stops holding and returns what arrived so far. The primary may hand a new worker
 * connections before it serves (when it is the only one left); a message with a socket that no
 * listener takes is dropped and its browser waits until its connect timeout, so they are held
 * from the worker's first line and emitted again once sticky listens.
 */
export const heldConnections = (): Array<[unknown, unknown]> => {
  process.off('message', hold)
  return held.splice(0)
}
