// The project's Prosody for integration tests: started by scripts/prosody.sh unless it is
// already running (as .ci/run starts it), and then stopped only if started here. The sign-up
// tests also use opt-in variants on the next ports: STARTTLS required (PROSODY_TLS=1); on top of
// it, invite-only registration with invites made by users (XEP-0401 over XEP-0050); and the same
// where users may not invite new accounts.
import type { GetResult } from '../../src/core/types'
import { SERVERS, ServerInstance, type TestServer } from './servers'

/** Where the test Prosody listens, and its domains (the first of ./servers' SERVERS). */
export const SERVER: TestServer = SERVERS[0]!

/** One private Prosody of scripts/prosody.sh: its port and opt-in variant. */
export class ProsodyInstance extends ServerInstance {
  constructor(port: number, variant: Record<string, string> = {}) {
    super('prosody', port, variant)
  }

  /** A new invite URI from the running invite-only variant (prosodyctl mod_invites generate). */
  invite(): string {
    return this.uri('invite')
  }

  /** A password-reset invite for the existing account `user` (mod_invites generate --reset). */
  resetInvite(user: string): string {
    return this.uri('reset', user)
  }

  /** Makes the account `user` (prosodyctl register): invite-only servers refuse open sign-up. */
  addUser(user: string, password: string): void {
    if (this.run('adduser', 'pipe', [user, password]).status !== 0) throw new Error(`scripts/prosody.sh adduser ${user} failed`)
  }

  private uri(command: string, ...args: string[]): string {
    const uri = this.run(command, 'pipe', args).stdout.trim()
    if (!uri.startsWith('xmpp:')) throw new Error(`scripts/prosody.sh ${command} gave no URI`)
    return uri
  }
}

/** Prosody with STARTTLS required (a certificate for `localhost` from a private CA). */
export const TLS_PROSODY = new ProsodyInstance(SERVER.port + 1, { PROSODY_TLS: '1' })

/**
 * Prosody with STARTTLS required and invite-only registration; users create contact invites
 * that also allow sign-up over XEP-0050 (mod_invites_adhoc, allow_user_invites = true).
 */
export const INVITE_PROSODY = new ProsodyInstance(SERVER.port + 2, {
  PROSODY_TLS: '1', PROSODY_INVITES: '1', PROSODY_ADHOC_INVITES: '1', PROSODY_USER_INVITES: '1'
})

/** The same, but users may not invite new accounts (allow_user_invites = false): their invites only add a contact. */
export const CONTACT_ONLY_PROSODY = new ProsodyInstance(SERVER.port + 3, {
  PROSODY_TLS: '1', PROSODY_INVITES: '1', PROSODY_ADHOC_INVITES: '1', PROSODY_USER_INVITES: '0'
})

/** Starts Prosody if it is not running. */
export const startProsody = (): void => SERVER.start()

/** Stops Prosody if this process started it. */
export const stopProsody = (): void => SERVER.stop()

/** What Prosody 0.12 answers to a get before login. */
export const PROSODY_GET: GetResult = {
  instructions: 'Choose a username and password for use with this service.',
  username: true,
  password: true,
  form: {
    formType: 'jabber:iq:register',
    title: 'Creating a new account',
    instructions: 'Choose a username and password for use with this service.',
    fields: [
      { var: 'username', type: 'text-single', label: 'Username', required: true },
      { var: 'password', type: 'text-private', label: 'Password', required: true }
    ]
  },
  mode: 'form'
}

/** Prosody's refusal of a sign-up without a token when invites are required. */
export const INVITE_ONLY = { type: 'modify', condition: 'not-acceptable', description: 'Registration on this server is through invitation only' }
/** Prosody's refusal of a bogus or used token. */
export const FORBIDDEN_TOKEN = { type: 'cancel', condition: 'forbidden', description: 'The invite token is invalid or expired' }
