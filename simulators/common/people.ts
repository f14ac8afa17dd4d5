import type { SeededRandom } from './random.js';

/**
 * The team members every simulated platform knows. Each simulator gives them its own ids
 * (Voxys user ids, Chatvolt membership ids, VoiceGlow user ids, Iron member uuids); demo mode maps
 * the demo users to those ids. `dana` exists on the platforms but is not a gateway user, so
 * "assigned to someone else" is always represented.
 */
export const STAFF = [
  { key: 'alice', name: 'Alice Martin', email: 'alice@demo.example' },
  { key: 'bob', name: 'Bob Okafor', email: 'bob@demo.example' },
  { key: 'carol', name: 'Carol Nguyen', email: 'carol@demo.example' },
  { key: 'dana', name: 'Dana Kowalski', email: 'dana@demo.example' },
] as const;

export type StaffKey = (typeof STAFF)[number]['key'];

const FIRST = ['Liam', 'Emma', 'Noah', 'Olivia', 'Mateo', 'Ava', 'Lucas', 'Sofia', 'Amir', 'Mia', 'Kenji', 'Zara', 'Ivan', 'Lea', 'Omar', 'Nora', 'Hugo', 'Ines', 'Raj', 'Chloe'];
const LAST = ['Silva', 'Schmidt', 'Rossi', 'Dubois', 'Tanaka', 'Haddad', 'Novak', 'Garcia', 'Jensen', 'Moreau', 'Costa', 'Fischer', 'Kim', 'Lopez', 'Ahmed', 'Berg'];
const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports', 'Soylent Labs', 'Tyrell Energy'];

const INBOUND = [
  'Hi, I would like to know more about your pricing.',
  'Can someone call me back tomorrow morning?',
  'My order has not arrived yet, can you check?',
  'Is the premium plan billed monthly or yearly?',
  'Thanks, that solved it!',
  'I need an invoice for last month.',
  'Do you integrate with our CRM?',
  'Can we schedule a demo next week?',
  'The app crashes when I upload a file.',
  'What are your opening hours?',
  'I want to cancel my subscription.',
  'Could you send me the contract again?',
];
const OUTBOUND = [
  'Thanks for reaching out! Let me check that for you.',
  'Sure, I have scheduled a call for tomorrow at 10:00.',
  'Your order is on its way, tracking number sent by email.',
  'The premium plan is billed yearly with a 20% discount.',
  'Glad to hear it! Anything else I can help with?',
  'I have attached the invoice to this conversation.',
  'Yes, we have a native integration. Here is the guide.',
  'Here is a link to book a demo slot.',
];
const SUGGESTIONS = [
  'Hi! Happy to help. Could you share your order number?',
  'Thanks for your interest. Our team can offer a demo on Tuesday or Thursday. Which suits you?',
  'I am sorry for the trouble. I have escalated this to our support engineers.',
  'Great news: your invoice is ready. I will send it right away.',
];
const LABELS = ['vip', 'billing', 'sales', 'support', 'bug', 'renewal', 'onboarding', 'churn-risk'];

export const fixtures = { FIRST, LAST, COMPANIES, INBOUND, OUTBOUND, SUGGESTIONS, LABELS };

export function personName(rng: SeededRandom): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

export function emailFor(name: string, n: number): string {
  return `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${n}@example.com`;
}
