// The STARTTLS-required Prosody for integration tests (scripts/prosody.sh with PROSODY_TLS=1)
// on its own port: a certificate for `localhost` only (no IP address), signed by a private
// CA. The same instance as prosody.ts's TLS_PROSODY (started once, stopped by the last suite).
import { TLS_PROSODY } from './prosody'

/** Where the TLS Prosody listens (loopback), and its domain: the sign-up tests' TLS variant. */
export const TLS_SERVER = {
  port: TLS_PROSODY.port,
  domain: 'localhost'
}

/**
 * Starts the TLS Prosody if it is not running; resolves its CA files: `ca` signed the
 * server's certificate, `wrongCa` signed nothing.
 */
export const startTlsProsody = (): { ca: string; wrongCa: string } => {
  TLS_PROSODY.start()
  const printed = TLS_PROSODY.env()
  const value = (name: string): string => {
    const found = printed[name]
    if (!found) throw new Error(`scripts/prosody.sh env printed no ${name}`)
    return found
  }
  return { ca: value('PROSODY_CA'), wrongCa: value('PROSODY_WRONG_CA') }
}

/** Stops the TLS Prosody if this process started it and no other suite still uses it. */
export const stopTlsProsody = (): void => TLS_PROSODY.stop()
