// `npm run example`: starts the project's Prosody with STARTTLS required (if it is not running;
// scripts/prosody.sh with PROSODY_TLS=1 on PROSODY_PORT + 1, a certificate for `localhost` from
// a private CA) and the example web server trusting that CA, prints the URL, and stops both on
// Ctrl-C. With EXAMPLE_INVITES=1 the Prosody is the invite-only one (PROSODY_PORT + 2) and a
// page URL with a fresh invite link is printed too. EXAMPLE_WORKERS, EXAMPLE_PORT, REDIS_URL…:
// see ./deployment.ts (the cluster: ./cluster.ts).
import { startFromEnv } from './deployment'
import { INVITE_PROSODY, TLS_PROSODY } from '../../test/integration/prosody'

const invites = process.env.EXAMPLE_INVITES === '1'
const prosody = invites ? INVITE_PROSODY : TLS_PROSODY

const main = async (): Promise<void> => {
  prosody.start()
  const { server, how } = await startFromEnv({ xmppHost: 'localhost', xmppPort: prosody.port, caFile: prosody.env().PROSODY_CA!, ca: prosody.pem('PROSODY_CA') })
  console.log(`\nxmpp-ftw-register example (${how}): open ${server.url}`)
  if (invites) console.log(`with an invite: ${server.url}?invite=${encodeURIComponent(prosody.invite())}`)
  console.log('(Ctrl-C stops the web server, and Prosody if started here)')
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void server.close().finally(() => {
      prosody.stop()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e)
  prosody.stop()
  process.exit(1)
})
