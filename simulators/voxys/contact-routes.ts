import type { SimRoute } from '../common/server.js';
import type { VoxysDb } from './db.js';
import { contactPartial } from './render.js';
import { BASE, notFound } from './route-helpers.js';

/**
 * Chatwoot's contact read (`GET /api/v1/accounts/{account_id}/contacts/{id}`, the contacts
 * controller's `show`): `{payload: Contact}`, the same contact partial a conversation's
 * `meta.sender` carries; 404 for an id the account does not have.
 */
export function voxysContactRoutes(db: VoxysDb): SimRoute[] {
  return [
    {
      method: 'GET',
      path: `${BASE}/contacts/:contact_id`,
      summary: 'One contact of the account',
      handler: (req) => {
        const raw = req.params.contact_id ?? '';
        const contact = /^\d+$/.test(raw) ? db.contacts.get(Number(raw)) : undefined;
        return contact ? { status: 200, body: { payload: contactPartial(contact) } } : notFound();
      },
    },
  ];
}
