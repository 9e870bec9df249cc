// `npm run demo`: the plugin end to end against a local Prosody, through a real xmpp-ftw
// instance. Signs up, reads the registration, registers a room nick, changes the password
// and removes the account, printing each socket event's request and reply JSON.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { inspect } from 'node:util'

import { parse } from 'ltx'

import Register = require('../src')
import { FakeSocket } from '../test/support/fakes'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Xmpp } = require('xmpp-ftw') as { Xmpp: new (socket: FakeSocket) => { addListener(l: unknown): void; client?: { send(s: unknown): void } | false } }

const port = Number(process.env.PROSODY_PORT ?? 15222)
const prosody = (command: string): number =>
  spawnSync('bash', [join(__dirname, 'prosody.sh'), command], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PROSODY_PORT: String(port) } }).status ?? 1

const show = (value: unknown): string => inspect(value, { depth: 8, colors: process.stdout.isTTY, breakLength: 100 })
const heading = (text: string): void => console.log(`\n== ${text}`)

const session = (): { socket: FakeSocket; send(event: string, data: unknown): Promise<unknown[]>; raw(xml: string): void } => {
  const socket = new FakeSocket()
  const xmpp = new Xmpp(socket)
  xmpp.addListener(new Register({ timeout: 5000 }))
  return {
    socket,
    send: (event, data) => new Promise((resolve) => {
      console.log(`socket.send('${event}', ${show(data)}, callback)`)
      socket.fromBrowser(event, data, (...args: unknown[]) => {
        console.log(`  callback(${args.map(show).join(', ')})`)
        resolve(args)
      })
    }),
    raw: (xml) => { if (xmpp.client) xmpp.client.send(parse(xml)) }
  }
}

const login = async (s: ReturnType<typeof session>, jid: string, password: string, register: boolean): Promise<void> => {
  const data = { jid, password: '(hidden)', host: '127.0.0.1', port, register }
  console.log(`socket.send('xmpp.login', ${show(data)})`)
  const outcome = s.socket.next(['xmpp.connection', 'xmpp.error'])
  s.socket.fromBrowser('xmpp.login', { ...data, password })
  const { event, data: reply } = await outcome
  console.log(`  ← '${event}' ${show(reply)}`)
  if (event === 'xmpp.error') throw new Error('login failed')
}

const main = async (): Promise<void> => {
  const wasRunning = prosody('status') === 0
  if (!wasRunning && prosody('start') !== 0) throw new Error('could not start Prosody')
  try {
    const user = `demo-${Date.now().toString(36)}`
    const jid = `${user}@localhost`
    const room = `demo-room-${Date.now().toString(36)}@conference.localhost`

    heading(`Sign up ${jid} (xmpp-ftw login with register: true)`)
    const s = session()
    await login(s, jid, 'first-password', true)

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
    await login(again, jid, 'second-password', false)

    heading('Remove the account')
    await again.send('xmpp.register.unregister', { to: 'localhost' })

    heading('Logging in now fails')
    try {
      await login(session(), jid, 'second-password', false)
    } catch {
      console.log('  (as expected)')
    }
  } finally {
    if (!wasRunning) prosody('stop')
  }
}

main().then(() => process.exit(0), (e: unknown) => {
  console.error(e)
  process.exit(1)
})
