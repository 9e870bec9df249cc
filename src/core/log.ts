/** Debug logging of the XEP-0077 plugin: `DEBUG=xmpp-ftw:register`. Never give it a value from a request. */
import createDebug from 'debug'

export const log = createDebug('xmpp-ftw:register')
