import { mintToken } from './pipeline/auth.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import { createLogger } from './logger.js';
import { createGateway, type Gateway } from './gateway.js';
import { isServingProcess, runPrimary, workerCount } from './cluster.js';
import type { SimulatorSet } from '../simulators/index.js';
import type { DemoWebApp } from './demo-web-app.js';

/** `npm start`: runs against GATEWAY_CONFIG, or in demo mode with the simulators in-process. */
async function main(): Promise<void> {
  const logger = createLogger();
  // PORT overrides `server.port` (default 4000).
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  let sims: SimulatorSet | undefined;
  let gateway: Gateway;
  let demoToken: string | null = null;

  if (process.env.GATEWAY_CONFIG) {
    let config;
    try {
      config = loadConfigFile(process.env.GATEWAY_CONFIG);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        process.exit(1);
      }
      throw error;
    }
    // `server.workers` > 1: this process forks the workers and serves nothing itself.
    const workers = workerCount(config.server.workers);
    if (!isServingProcess(workers)) {
      const { metricsPort, host } = config.server;
      return runPrimary(workers, undefined, metricsPort === undefined ? undefined : { port: metricsPort, host });
    }
    gateway = createGateway(config, { logger, processMetrics: true });
  } else if (process.env.NODE_ENV === 'production') {
    // The demo listens on every interface with a public signing secret: never in production by accident.
    console.error('NODE_ENV=production needs a configuration: set GATEWAY_CONFIG=path/to/gateway.yaml (demo mode runs only outside production)');
    process.exit(1);
  } else {
    // Loaded only in demo mode: a configured gateway never loads simulator code.
    const { DEMO_JWT_SECRET, DEMO_TENANT, DEMO_USERS, demoConfig } = await import('./demo.js');
    const { startSimulators } = await import('../simulators/index.js');
    sims = await startSimulators({ seed: process.env.SIM_SEED ?? 'demo' });
    demoToken = await mintToken({ secret: DEMO_JWT_SECRET, sub: DEMO_USERS[0]!, tenant: DEMO_TENANT });
    gateway = createGateway(demoConfig(sims), { logger, processMetrics: true, graphiqlToken: demoToken });
  }

  await gateway.listen(port);
  let stopTraffic = () => undefined as void;
  if (sims) {
    const { connectWebhooks, startDemoTraffic } = await import('./demo.js');
    connectWebhooks(sims, gateway.url);
    stopTraffic = startDemoTraffic(sims);
  }
  const address = `http://localhost:${new URL(gateway.url).port}/graphql`;
  let webApp: DemoWebApp | undefined;
  if (sims) {
    const { DEMO_TENANT, DEMO_USERS } = await import('./demo.js');
    // The reference web app on its own origin (it calls the gateway cross-origin, through CORS).
    const { startDemoWebApp } = await import('./demo-web-app.js');
    webApp = await startDemoWebApp({ graphqlUrl: address, token: demoToken!, port: Number(process.env.INBOX_WEB_PORT ?? 5173) }).catch((error: unknown) => {
      console.error(`Inbox web app not started: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
    console.log(`\nInbox gateway (demo mode) on ${address}`);
    console.log(`  GraphiQL: open ${address} in a browser (the demo token is pre-filled)`);
    if (webApp) console.log(`  Inbox web app: open ${webApp.url} (examples/inbox-web, its own origin)`);
    console.log(`  Federation 2 subgraph (for a router): ${address.replace(/\/graphql$/, gateway.config.server.subgraph.path)}`);
    console.log(
      `  Simulators: ${Object.entries(sims.urls)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(`  Demo token (tenant ${DEMO_TENANT}, user ${DEMO_USERS[0]}):\n\n${demoToken}\n`);
  } else {
    console.log(`Inbox gateway on ${address}`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stopTraffic();
    await webApp?.close();
    await gateway.close();
    await sims?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
