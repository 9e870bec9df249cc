// Which URLs from a server the example page may make live. Everything a server sends is
// untrusted (an XEP-0066 OOB `url`, XEP-0221 media URIs): a `javascript:` link would run in
// the page. Pure functions, no DOM: unit-tested in Node, whose URL parser is the WHATWG one
// browsers use, so tabs, newlines, leading control characters and case are read alike.

/** Schemes a server's URL may have to become a link. */
const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'xmpp:'])

/**
 * The most characters of a `data:` image the page shows (a CAPTCHA is a few kilobytes; the
 * plugin's stanza limits bound it anyway).
 */
export const MAX_IMAGE_URI = 200000

/** A data: URL's media type is an image type (`data:image/png;base64,…`). */
const IMAGE_DATA = /^image\/[a-z0-9!#$&^_.+-]+[;,]/i

/** `text` parsed as an absolute URL, or undefined (relative, or no URL at all). */
const absoluteUrl = (text: string): URL | undefined => {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/**
 * The `href` for a link to a server-given `url`: its normalised absolute form when its
 * scheme is http, https or xmpp; undefined otherwise (`javascript:`, `data:`, relative,
 * garbage), and then the page shows it as text.
 */
export const linkHref = (url: string): string | undefined => {
  const parsed = absoluteUrl(url)
  return parsed !== undefined && LINK_SCHEMES.has(parsed.protocol) ? parsed.href : undefined
}

/**
 * The `src` for an `<img>` of a server-given media `uri` with MIME `type` (if given): only a
 * `data:` URL of an image type (at most {@link MAX_IMAGE_URI} characters), and `type`, when
 * given, an image type. Undefined otherwise: an http(s) image would be fetched by the browser
 * as soon as the form shows, so that a service could track its users or make the browser reach
 * addresses inside their network (the page shows such a URI as a link instead).
 */
export const imageSrc = (uri: string, type?: string): string | undefined => {
  if (type !== undefined && !type.toLowerCase().startsWith('image/')) return undefined
  if (uri.length > MAX_IMAGE_URI) return undefined
  const parsed = absoluteUrl(uri)
  if (parsed === undefined || parsed.protocol !== 'data:' || !IMAGE_DATA.test(parsed.pathname)) return undefined
  return parsed.href
}

/**
 * What a person should see as where a link goes: the host of an http(s) URL, the address of an
 * xmpp: URI (`xmpp:room@conference.example.org?join` → `room@conference.example.org`);
 * undefined for anything else.
 */
export const linkHost = (url: string): string | undefined => {
  const parsed = absoluteUrl(url)
  if (parsed === undefined) return undefined
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.host
  if (parsed.protocol === 'xmpp:') return decodeURIComponent(parsed.pathname.replace(/^\/+/, '')) || undefined
  return undefined
}
