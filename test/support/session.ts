// A real xmpp-ftw `Xmpp` (1.18 or 2.0) with the plugin added, a fake browser socket and
// a fake XMPP client that goes online as bill@shakespeare.lit/globe.
import { FakeClient, FakeSocket } from './fakes'
import { hostModule, loadRegister, type RegisterClass } from './host'

export interface Session {
  Register: RegisterClass
  register: InstanceType<RegisterClass>
  socket: FakeSocket
  client: FakeClient
  xmpp: { client?: unknown; tracking: unknown; logout(cb?: () => void): void; jid?: string }
  /** Sends a socket event and resolves with the callback's arguments. */
  call(event: string, data: unknown): Promise<unknown[]>
}

interface XmppConstructor {
  new (socket: FakeSocket): Session['xmpp'] & { addListener(l: unknown): void; registerXmppEvents(): void }
}

/**
 * Logs in over a fake client (`client`, e.g. a `ShapeModeClient`): xmpp-ftw binds the
 * plugin's events when it goes online. `register` adds an existing instance instead of a new one.
 */
export const onlineSession = (
  pkg: string,
  options?: { timeout?: number; maxBobBytes?: number },
  jid = { user: 'bill', domain: 'shakespeare.lit', resource: 'globe' },
  register: InstanceType<RegisterClass> = new (loadRegister(pkg))(options),
  client: FakeClient = new FakeClient()
): Session => {
  const Register = loadRegister(pkg)
  const { Xmpp } = hostModule(pkg) as unknown as { Xmpp: XmppConstructor }
  const socket = new FakeSocket()
  const xmpp = new Xmpp(socket)
  xmpp.addListener(register)
  xmpp.client = client
  xmpp.registerXmppEvents()
  client.emit('online', { jid })
  const call = (event: string, data: unknown): Promise<unknown[]> =>
    new Promise((resolve) => socket.fromBrowser(event, data, (...args: unknown[]) => resolve(args)))
  return { Register, register, socket, client, xmpp, call }
}
