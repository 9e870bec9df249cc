// Expected JSON shared by several tests.

/** XEP-0077 Ex 16's cancellation form as JSON. */
export const CANCEL_FORM = {
  formType: 'jabber:iq:register:cancel',
  title: 'Cancel Registration',
  instructions: 'Use this form to cancel your registration.',
  fields: [
    { var: 'username', type: 'text-single', label: 'Username', required: true as const },
    { var: 'password', type: 'text-private', label: 'Password', required: true as const },
    { var: 'x-mmn', type: 'text-single', label: "Mother's Maiden Name", required: true as const }
  ]
}
