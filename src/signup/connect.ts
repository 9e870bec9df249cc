/**
 * Opening the unauthenticated client stream of a sign-up (XEP-0077 §4 registration before
 * login, XEP-0445 tokens, XEP-0401 invites) to an operator-configured server: TCP, the stream
 * header, STARTTLS whenever offered (RFC 6120 §5) with the certificate verified for the domain,
 * and the stream features after it. No SASL ever happens here.
 */
import type { Socket } from 'node:net'
import { isIP } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'

import { Element } from 'ltx'

import { NS_STREAMS, NS_TLS } from '../core/namespaces'
import type { XmlElement } from '../core/types'
import { attr, child } from '../transport/xml'
import type { SignupConfig, SignupServer } from './config'
import { CLOSED_BEFORE_READY, disconnected, timedOut, tlsFailure } from './errors'
import { checkPeerIdentity, skipPeerChain } from './identity'
import type { SignupConnection, XmppElement, XmppLibrary } from './library'
import { secureContextFor } from './secure-context'
import type { Outcome, SignupError } from './types'

/** Milliseconds a closing stream waits for the server to close before its socket is destroyed. */
export const CLOSE_GRACE_MS = 2000

/** A negotiated stream: features read (after TLS when offered), nothing else sent. */
export interface OpenedStream {
  connection: SignupConnection
  /** The last `<stream:features/>` the server sent. */
  features: XmlElement
  /** True once STARTTLS succeeded. */
  secure: boolean
  /**
   * Ends the stream (the closing tag and a socket end when `graceful`, else at once) and
   * resolves once every socket is closed; after {@link CLOSE_GRACE_MS} the socket is destroyed.
   */
  shutdown(graceful: boolean): Promise<void>
}

/** A step failed with this error. */
class Failure extends Error {
  constructor(readonly error: SignupError) {
    super(error.condition)
  }
}

const ignore = (): void => undefined

const reason = (e: unknown): string =>
  e instanceof Error ? (e as NodeJS.ErrnoException).code ?? e.message : 'unknown error'

/** The next top-level element the server sends; rejects when the stream fails or ends first. */
export const nextElement = (connection: SignupConnection): Promise<XmppElement> =>
  new Promise((resolve, reject) => {
    const done = (): void => {
      connection.off('element', onElement)
      connection.off('error', onError)
      connection.off('close', onEnd)
      connection.off('disconnect', onEnd)
    }
    const onElement = (el: XmppElement): void => { done(); resolve(el) }
    const onError = (e: unknown): void => { done(); reject(e) }
    const onEnd = (): void => { done(); reject(new Error('stream closed')) }
    connection.on('element', onElement)
    connection.on('error', onError)
    connection.on('close', onEnd)
    connection.on('disconnect', onEnd)
  })

/** Opens (or restarts) the stream and reads the features that follow the server's header. */
const readFeatures = async (connection: SignupConnection, open: () => Promise<unknown>, domain: string): Promise<XmlElement> => {
  let features: XmppElement
  try {
    [, features] = await Promise.all([open(), nextElement(connection)])
  } catch (e) {
    throw new Failure(disconnected(`The server of ${domain} closed the stream (${reason(e)})`))
  }
  if (!features.is('features', NS_STREAMS)) throw new Failure(disconnected(`The server of ${domain} sent no stream features`))
  return features
}

/**
 * TLS over the connected TCP socket, verified for `domain` with the system's or the operator's
 * CAs: Node refuses a chain that does not verify, then the name is checked in the peer's
 * certificate by ./identity (Node's results and errors, without Node building the whole peer
 * chain as objects for it).
 */
const upgrade = (socket: Socket, domain: string, server: SignupServer, track: (tls: TLSSocket) => void): Promise<TLSSocket> =>
  new Promise((resolve, reject) => {
    const tls: TLSSocket = tlsConnect({
      socket,
      host: domain,
      ...(isIP(domain) === 0 ? { servername: domain } : {}),
      secureContext: secureContextFor(server),
      checkServerIdentity: (host) => checkPeerIdentity(tls, host)
    })
    skipPeerChain(tls)
    track(tls)
    tls.on('error', ignore)
    // The first of the three settles; the others are removed then (the socket's later close
    // made a Failure, an Error with its stack, for a promise long resolved).
    const settled = (): void => {
      tls.off('error', onError)
      tls.off('close', onClose)
      tls.off('secureConnect', onSecure)
    }
    const onError = (e: Error): void => {
      settled()
      reject(new Failure(tlsFailure(`TLS with the server of ${domain} failed: ${e.message}`)))
    }
    const onClose = (): void => {
      settled()
      reject(new Failure(tlsFailure(`The server of ${domain} closed the connection during the TLS handshake`)))
    }
    const onSecure = (): void => {
      settled()
      resolve(Object.assign(tls, { secure: true }))
    }
    tls.on('error', onError)
    tls.on('close', onClose)
    tls.on('secureConnect', onSecure)
  })

/**
 * Opens a stream to `domain`'s configured server and negotiates TLS: STARTTLS whenever
 * offered, and no stream without it when the server's policy is `required`. Never throws;
 * on failure nothing is left open when the outcome arrives. `signal` aborts the opening at
 * any step (TCP connect, stream header, STARTTLS, features): the sockets are closed at once
 * and the outcome is `disconnected` ({@link CLOSED_BEFORE_READY}).
 */
export const openStream = async (
  lib: XmppLibrary, domain: string, server: SignupServer, config: SignupConfig, signal?: AbortSignal
): Promise<Outcome<OpenedStream>> => {
  if (signal?.aborted === true) return { error: disconnected(CLOSED_BEFORE_READY) }
  const connection = lib.connection({ domain, host: server.host, port: server.port, timeout: config.timeout, maxStanzaBytes: config.maxStanzaBytes })
  // xmpp.js reports socket, parser and stream errors as 'error' events: never unhandled.
  connection.on('error', ignore)
  let tcp: Socket | undefined
  let tls: TLSSocket | undefined
  let closing: Promise<void> | undefined

  const shutdown = (graceful: boolean): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const socket = tls ?? tcp
      let timer: NodeJS.Timeout | undefined
      const finish = (): void => {
        clearTimeout(timer)
        tls?.destroy()
        tcp?.destroy()
        // Settles whatever the library still waits for (stream open, restart), with its timers.
        connection.emit('error', new Error('stream closed'))
        resolve()
      }
      if (socket === undefined || socket.closed) { finish(); return }
      socket.once('close', finish)
      if (graceful && socket.writable && !socket.connecting) {
        timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS)
        socket.end('</stream:stream>')
      } else {
        socket.destroy()
      }
    })
    return closing
  }

  const negotiate = async (): Promise<{ features: XmlElement; secure: boolean }> => {
    const connecting = connection.connect(`xmpp://${domain}`)
    tcp = connection.socket as Socket
    tcp.on('error', ignore)
    try {
      await connecting
    } catch (e) {
      throw new Failure(disconnected(`Could not connect to the server of ${domain} (${reason(e)})`))
    }
    const features = await readFeatures(connection, () => connection.open({ domain }), domain)
    if (child(features, 'starttls', NS_TLS) === undefined) {
      if (server.tls === 'required') throw new Failure(tlsFailure(`The server of ${domain} does not offer STARTTLS, and TLS is required`))
      return { features, secure: false }
    }
    let answer: XmppElement
    try {
      [, answer] = await Promise.all([connection.send(new Element('starttls', { xmlns: NS_TLS })), nextElement(connection)])
    } catch (e) {
      throw new Failure(tlsFailure(`The server of ${domain} closed the stream at STARTTLS (${reason(e)})`))
    }
    if (answer.name !== 'proceed' || attr(answer, 'xmlns') !== NS_TLS) throw new Failure(tlsFailure(`The server of ${domain} refused STARTTLS`))
    const secured = await upgrade(tcp, domain, server, (socket) => { tls = socket })
    connection._attachSocket(secured)
    return { features: await readFeatures(connection, () => connection.restart(), domain), secure: true }
  }

  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Failure(timedOut(`No stream with the server of ${domain} within ${config.timeout} ms`))), config.timeout)
    onAbort = () => reject(new Failure(disconnected(CLOSED_BEFORE_READY)))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
  const negotiation = negotiate()
  negotiation.catch(ignore)
  try {
    const { features, secure } = await Promise.race([negotiation, deadline])
    return { data: { connection, features, secure, shutdown } }
  } catch (e) {
    await shutdown(false)
    return { error: e instanceof Failure ? e.error : disconnected(`The stream with the server of ${domain} failed (${reason(e)})`) }
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort!)
  }
}
