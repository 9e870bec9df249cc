// ejabberd 23.01's recorded CAPTCHA form (test/fixtures/ejabberd-23.01) as the JSON the plugin
// makes of it, and filling a form in as a page does.
import type { DataForm, FormField } from '../../src/core/types'
import { recorded } from './fixtures'

/** The data: URI of the image ejabberd's recorded form carries, from the fixture itself. */
export const ejabberdImage = (): { cid: string; uri: string } => {
  const data = recorded('ejabberd-23.01', 'captcha-form').getChild('query')!.getChild('data', 'urn:xmpp:bob')!
  return { cid: `cid:${data.attrs.cid as string}`, uri: `data:image/png;base64,${data.getText()}` }
}

export const CHALLENGE = '13298291227116898824'

/** ejabberd 23.01's CAPTCHA form as JSON: its image as a data: URI, the cid: URI beside it. */
export const ejabberdForm = (): DataForm => {
  const image = ejabberdImage()
  return {
    fields: [
      { var: 'username', type: 'text-single', label: 'User', required: true },
      { var: 'password', type: 'text-private', label: 'Password', required: true },
      { var: 'captcha-fallback-text', type: 'fixed', value: "If you don't see the CAPTCHA image here, visit the web page." },
      { var: 'captcha-fallback-url', type: 'text-single', label: 'CAPTCHA web page', value: `http://127.0.0.1:15823/captcha/${CHALLENGE}/image` },
      { var: 'from', type: 'hidden', label: "Attribute 'to' of stanza that triggered challenge", value: 'localhost' },
      { var: 'challenge', type: 'hidden', label: 'Challenge ID', required: true, value: CHALLENGE },
      { var: 'sid', type: 'hidden', label: 'Stanza ID', value: 'reg1' },
      {
        var: 'ocr',
        type: 'text-single',
        label: 'Enter the text you see',
        required: true,
        media: [{ uris: [{ uri: image.uri, cid: image.cid, type: 'image/png' }] }]
      }
    ],
    formType: 'jabber:iq:register',
    instructions: 'Choose a username and password to register with this server'
  }
}

/** Fills `form`'s fields from `answers`; fields named in `drop` are left out. */
export const fill = (form: DataForm, answers: Record<string, string>, drop: string[] = []): DataForm => ({
  ...form,
  fields: form.fields
    .filter((f) => !drop.includes(f.var!))
    .map((f): FormField => (f.var! in answers ? { ...f, value: answers[f.var!] } : f))
})
