'use strict'
// A small reconnect-core for node-xmpp-core 5 (used by xmpp-ftw's node-xmpp-client 3).
//
// node-xmpp-core depends on a GitHub build of reconnect-core whose returned function accepts
// `opts.emitter`: the reconnect methods (listen/connect, end/disconnect) and state
// (connected, reconnect) are put on that emitter, which is the Connection itself. The
// registry's reconnect-core always makes a new emitter, so `connection.listen` does not
// exist and connecting fails. This module implements the contract node-xmpp-core relies on:
//
//   reconnect(createConnection)(opts, onConnect) -> emitter
//   emitter.listen/connect(...args): starts attempts; createConnection(...args) gives a socket.
//     Arguments given replace the stored ones (a later reconnect uses them); none reuse them.
//   emitter.listen/connect(...args) while connected, with arguments: swaps the socket.
//     node-xmpp-core's STARTTLS (Connection#setSecure) calls listen({ socket: tlsSocket,
//     preserve: 'on' }) on the connected plain socket. The plain socket is handed over to the
//     TLS socket, which now owns it: its events no longer count, the new socket is watched
//     instead and counts as connected on its own 'connect' (emitted after the TLS handshake),
//     as on a first attempt ('reconnect', then 'connect' and 'connection'). A TLS failure
//     ('error' on the new socket) is a 'disconnect' (err), like any failed attempt.
//     Without arguments while connected, listen does nothing.
//   emitter.end/disconnect(): stops reconnecting and ends the socket
//   events: 'reconnect' (n, delay) before each attempt, 'connect' and 'connection' (socket),
//           'disconnect' (err) when the socket ends, closes or fails, 'backoff' (n, delay)
//   with opts.immediate the socket counts as connected at once (a socket handed in)
const { EventEmitter } = require('events')

const ignore = () => {}

module.exports = (createConnection) => (opts, onConnect) => {
  if (typeof opts === 'function') {
    onConnect = opts
    opts = {}
  }
  opts = opts && typeof opts === 'object' ? opts : {}
  onConnect = onConnect || opts.onConnect

  const emitter = opts.emitter || new EventEmitter()
  emitter.connected = false
  emitter.reconnect = true
  if (onConnect) emitter.on('connection', onConnect)

  const initialDelay = opts.initialDelay || 1e3
  const maxDelay = opts.maxDelay || 30e3
  let attempts = 0
  let timer = null
  let args = null
  // Stops watching the current socket (set by each attempt).
  let release = () => {}

  const scheduleRetry = () => {
    const delay = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempts, 16))
    attempts += 1
    emitter.emit('backoff', attempts, delay)
    timer = setTimeout(() => {
      timer = null
      attempt(attempts, delay)
    }, delay)
  }

  const attempt = (n, delay) => {
    if (emitter.connected || !emitter.reconnect) return
    emitter.emit('reconnect', n, delay)
    const con = createConnection.apply(emitter, args)
    emitter._connection = con

    const connected = () => {
      attempts = 0
      emitter.connected = true
      emitter.emit('connect', con)
      emitter.emit('connection', con)
    }
    const onDisconnect = (err) => {
      release()
      emitter.connected = false
      emitter.emit('disconnect', err)
      if (emitter.reconnect) scheduleRetry()
    }
    release = () => {
      release = () => {}
      con.removeListener('error', onDisconnect)
      con.removeListener('close', onDisconnect)
      con.removeListener('end', onDisconnect)
      con.removeListener('connect', connected)
    }
    // A socket may still report an error after it ended or closed (ECONNRESET on a TLS socket
    // after a logout): once released it has no other listener, and an 'error' without one is
    // thrown. This one stays for the socket's life.
    con.on('error', ignore)
    con.on('error', onDisconnect)
    con.on('close', onDisconnect)
    con.on('end', onDisconnect)

    if (opts.immediate) connected()
    else con.once('connect', connected)
  }

  emitter.connect = emitter.listen = function (...given) {
    emitter.reconnect = true
    if (emitter.connected && given.length === 0) return emitter
    if (given.length > 0) args = given
    if (emitter.connected) {
      // A socket swap (STARTTLS): the current socket now belongs to the new one.
      release()
      emitter.connected = false
    }
    attempts = 0
    attempt(0, 0)
    return emitter
  }

  emitter.end = emitter.disconnect = () => {
    emitter.reconnect = false
    if (timer) clearTimeout(timer)
    timer = null
    if (emitter._connection) emitter._connection.end()
    emitter.emit('disconnect')
    return emitter
  }

  return emitter
}
