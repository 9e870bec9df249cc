// `npm run demo`: the plugin end to end against a local Prosody with STARTTLS required
// (scripts/prosody.sh with PROSODY_TLS=1 on PROSODY_PORT + 1, started here unless running),
// through a real xmpp-ftw instance. Signs up before login with the server's own form
// (xmpp.register.account.get/set on the sign-up stream), logs in over STARTTLS with the
// certificate verified, reads the registration, registers a room nick, changes the password
// and removes the account. Then, on an invite-only Prosody (PROSODY_PORT + 2), signs up with an
// invite link (XEP-0401) and shows the refusals without one and with the used one; that user
// invites a friend (xmpp.register.invite), the friend signs up with the invite and logs in, and
// both list each other (xmpp.roster.get). Prints each socket event's request and reply JSON
// (passwords and invite tokens hidden).
import { inspect } from 'node:util'

import { parse } from 'ltx'

import Register = require('../src')
import { INVITE_PROSODY, TLS_PROSODY, type ProsodyInstance } from '../test/integration/prosody'
import { FakeSocket } from '../test/support/fakes'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: FakeSocket) => { socket: FakeSocket; addListener(l: unknown): void; client?: { send(s: unknown): void } | false } }

const DOMAIN = 'localhost'
/** The certificate is for `localhost`: connect by that name, trusting the test CA. */
const server = (prosody: ProsodyInstance): { host: string; port: number; ca: Buffer } => ({ host: 'localhost', port: prosody.port, ca: prosody.pem('PROSODY_CA') })

const show = (value: unknown): string => inspect(value, { depth: 8, colors: process.stdout.isTTY, breakLength: 100 })
const heading = (text: string): void => console.log(`\n== ${text}`)

/** `data` as printed: passwords and invite tokens hidden (a `password` key or form field, the `preauth` of an `invite` or `uri`). */
const hidden = (data: unknown): unknown => JSON.parse(JSON.stringify(data), function (this: Record<string, unknown>, key: string, value: unknown) {
  if (typeof value !== 'string') return value
  if (key === 'password' || key === 'token' || (key === 'value' && this.var === 'password')) return '(hidden)'
  return key === 'invite' || key === 'uri' ? value.replace(/preauth=[^;]*/, 'preauth=(hidden)') : value
})

type Session = { socket: FakeSocket; send(event: string, data: unknown): Promise<unknown[]>; raw(xml: string): void }

const session = (prosody: ProsodyInstance = TLS_PROSODY): Session => {
  const socket = new FakeSocket()
  const xmpp = new Xmpp(socket)
  xmpp.addListener(new Register({ timeout: 5000 }))
  const { host, port, ca } = server(prosody)
  Register.attachSignup(xmpp, { domains: { [DOMAIN]: { host, port, ca } }, timeout: 5000, limits: false })
  return {
    socket,
    send: (event, data) => new Promise((resolve) => {
      console.log(`socket.send('${event}', ${show(hidden(data))}, callback)`)
      socket.fromBrowser(event, data, (...args: unknown[]) => {
        console.log(`  callback(${args.map((a) => show(a === undefined ? a : hidden(a))).join(', ')})`)
        resolve(args)
      })
    }),
    raw: (xml) => { if (xmpp.client) xmpp.client.send(parse(xml)) }
  }
}

/** Gets the sign-up form (for `request`: a domain or an invite), fills in username and password, and sends it. */
const signUp = async (s: Session, request: Record<string, string>, username: string, password: string): Promise<unknown> => {
  const [getError, signup] = await s.send('xmpp.register.account.get', request)
  if (getError) return getError
  const asked = (signup as Register.AccountGetResult).form
  if (asked === undefined) throw new Error('the server gave no sign-up form')
  const values: Record<string, string> = { username, password }
  const filled = { formType: asked.formType, fields: asked.fields.map((f) => ({ var: f.var, value: values[f.var ?? ''] ?? '' })) }
  const [setError] = await s.send('xmpp.register.account.set', { domain: DOMAIN, form: filled })
  return setError
}

const login = async (s: Session, jid: string, password: string, prosody: ProsodyInstance = TLS_PROSODY): Promise<void> => {
  const { host, port, ca } = server(prosody)
  const data = { jid, password: '(hidden)', host, port, rejectUnauthorized: true, credentials: { ca: '(the test CA, PEM)' } }
  console.log(`socket.send('xmpp.login', ${show(data)})`)
  const outcome = s.socket.next(['xmpp.connection', 'xmpp.error'])
  s.socket.fromBrowser('xmpp.login', { ...data, password, credentials: { ca } })
  const { event, data: reply } = await outcome
  console.log(`  ← '${event}' ${show(reply)}`)
  if (event === 'xmpp.error') throw new Error('login failed')
}

const main = async (): Promise<void> => {
  TLS_PROSODY.start()
  INVITE_PROSODY.start()
  try {
    const user = `demo-${Date.now().toString(36)}`
    const jid = `${user}@${DOMAIN}`
    const room = `demo-room-${Date.now().toString(36)}@conference.localhost`

    heading(`Sign up ${jid} before login: the server's form, filled in`)
    const s = session()
    if (await signUp(s, { domain: DOMAIN }, user, 'first-password')) throw new Error('sign-up failed')

    heading(`Log in as ${jid} on the same socket (STARTTLS, certificate verified)`)
    await login(s, jid, 'first-password')

    heading('What the server has on file')
    await s.send('xmpp.register.get', { to: 'localhost' })

    heading(`Register a nick in the room ${room}`)
    const joined = s.socket.next(['xmpp.presence'])
    s.raw(`<presence to='${room}/${user}'><x xmlns='http://jabber.org/protocol/muc'/></presence>`)
    await joined
    const [, info] = await s.send('xmpp.register.get', { to: room })
    const form = (info as { form: Register.DataForm }).form
    for (const field of form.fields) if (field.var === 'muc#register_roomnick') field.value = 'Demo Nick'
    await s.send('xmpp.register.set', { to: room, form })
    await s.send('xmpp.register.get', { to: room })

    heading('Change the password')
    await s.send('xmpp.register.password', { to: 'localhost', password: 'second-password' })

    heading('Log in again with the new password')
    const again = session()
    await login(again, jid, 'second-password')

    heading('Remove the account')
    await again.send('xmpp.register.unregister', { to: 'localhost' })

    heading('Logging in now fails')
    try {
      await login(session(), jid, 'second-password')
    } catch {
      console.log('  (as expected)')
    }

    const invited = `demo-invited-${Date.now().toString(36)}`
    heading('An invite-only server: no account without an invite')
    const i = session(INVITE_PROSODY)
    await signUp(i, { domain: DOMAIN }, invited, 'invite-password')

    heading('With an invite link (from prosodyctl mod_invites generate): the account, then a login')
    const invite = INVITE_PROSODY.invite()
    if (await signUp(i, { invite }, invited, 'invite-password')) throw new Error('sign-up with the invite failed')
    await login(i, `${invited}@${DOMAIN}`, 'invite-password', INVITE_PROSODY)

    heading('The same invite again: refused at the get')
    await signUp(session(INVITE_PROSODY), { invite }, `${invited}-2`, 'other-password')

    heading(`${invited} invites a friend (XEP-0401 over XEP-0050 ad-hoc commands)`)
    const [inviteError, created] = await i.send('xmpp.register.invite', {})
    if (inviteError) throw new Error('no invite')
    const friend = `demo-friend-${Date.now().toString(36)}`

    heading(`The friend signs up as ${friend} with that invite, and logs in`)
    const f = session(INVITE_PROSODY)
    if (await signUp(f, { invite: (created as { uri: string }).uri }, friend, 'friend-password')) throw new Error('sign-up with the contact invite failed')
    await login(f, `${friend}@${DOMAIN}`, 'friend-password', INVITE_PROSODY)

    heading('Both list each other (xmpp-ftw\'s roster)')
    await f.send('xmpp.roster.get', {})
    await i.send('xmpp.roster.get', {})
  } finally {
    TLS_PROSODY.stop()
    INVITE_PROSODY.stop()
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
