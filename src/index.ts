/**
 * xmpp-ftw-register: XEP-0077 In-Band Registration for xmpp-ftw.
 * `require('xmpp-ftw-register')` is the plugin class; its namespace holds the JSON types.
 */
import Register = require('./register')

export = Register
