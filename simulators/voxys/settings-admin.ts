import type { SimServer } from '../common/server.js';
import type { VoxysDb } from './db.js';
import { DEFAULT_VOXYS_SETTINGS, updatedSettings } from './settings.js';

/**
 * The installation's settings at run time (settings.ts), never part of the platform's own paths:
 *   GET  /__admin/settings                 → 200 {pageSize, slaFeature, unreadableConversations, unreadableMessages}
 *   POST /__admin/settings {pageSize: 15}  → 200 every setting, or 400 naming the problem (nothing changed)
 *   POST /__admin/settings/reset           → 200 the defaults
 */
export function addVoxysSettingsAdmin(server: SimServer, db: VoxysDb): void {
  server.addAdmin('GET', '/settings', () => ({ status: 200, body: db.settings }));
  server.addAdmin('POST', '/settings', (req) => {
    const next = updatedSettings(db.settings, req.body);
    if ('problem' in next) return { status: 400, body: { error: next.problem } };
    db.settings = next;
    return { status: 200, body: db.settings };
  });
  server.addAdmin('POST', '/settings/reset', () => {
    db.settings = { ...DEFAULT_VOXYS_SETTINGS };
    return { status: 200, body: db.settings };
  });
}
