/** Where the gateway is and which token to send. */
export interface AppConfig {
  /** The gateway's GraphQL endpoint, e.g. http://localhost:4000/graphql (another origin: CORS). */
  graphqlUrl: string;
  token: string;
}

/**
 * `?gateway=…&token=…` wins (for a dev server: `npx vite examples/inbox-web`); otherwise the
 * `config.json` served beside the app (demo mode writes it with the demo token).
 */
export async function loadConfig(): Promise<AppConfig> {
  const params = new URLSearchParams(location.search);
  const gateway = params.get('gateway');
  const token = params.get('token');
  if (gateway && token) return { graphqlUrl: gateway, token };
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error('No gateway configured: open the app with ?gateway=<url>&token=<token>, or serve a config.json beside it.');
  const config = (await response.json()) as Partial<AppConfig>;
  if (!config.graphqlUrl || !config.token) throw new Error('config.json needs graphqlUrl and token.');
  return { graphqlUrl: config.graphqlUrl, token: config.token };
}
