export type * from './source.js';
export { SOURCE_TYPES } from './source.js';
export type * from './people.js';
export type * from './message.js';
export type * from './crm.js';
export type * from './conversation.js';
export type * from './views.js';
