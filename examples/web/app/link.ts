// Server-given URLs on the page: a link only when safe-url allows it, else plain text.
import { linkHost, linkHref } from './safe-url'

/**
 * A link to `url` labelled `label` (default: the URL) when its scheme is http, https or
 * xmpp, with its real host beside a label (a server's description may name another site);
 * otherwise a span showing the label and the URL as text, which clicking does nothing.
 */
export const linkOrText = (url: string, label?: string): HTMLElement => {
  const href = linkHref(url)
  if (href !== undefined) {
    const link = document.createElement('a')
    link.href = href
    link.target = '_blank'
    link.rel = 'noopener noreferrer'
    const host = linkHost(url)
    link.textContent = label === undefined || label === url || host === undefined ? label ?? url : `${label} (${host})`
    return link
  }
  const span = document.createElement('span')
  span.className = 'url-text'
  span.title = 'Not a web link: shown as text'
  if (label !== undefined && label !== url) span.append(`${label} `)
  const code = document.createElement('code')
  code.textContent = url
  span.append(code)
  return span
}
