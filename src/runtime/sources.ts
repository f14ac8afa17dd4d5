import type { TenantConfig } from '../config/schema.js';
import { connectorFor, restClientFor, type SharedUpstreamState } from '../datasources/build.js';
import type { InboxConnector } from '../datasources/connector.js';
import { platformFor } from '../datasources/index.js';
import type { RestClient } from '../datasources/rest-client.js';
import { SkippedRowLog } from '../datasources/shared/rows.js';
import type { SourceRef, SourceType } from '../model/index.js';
import { ResponseCache } from '../cache.js';
import { credentialHash } from '../datasources/credential-hash.js';
import { AnswerDependencies } from './answer-dependencies.js';
import type { PartitionVersions, RequestVersions } from './partition-versions.js';
import { UpstreamCallCap } from './upstream-call-cap.js';

/** What a tenant's sources share across requests (built once per tenant at start). */
export interface TenantRuntime {
  id: string;
  config: TenantConfig;
  /** Source refs by config key, in configuration order. */
  refs: ReadonlyMap<string, SourceRef>;
  /** The response cache's partitions of the tenant's sources (what a request's version check reads). */
  partitions: readonly string[];
}

export function buildTenantRuntime(id: string, config: TenantConfig): TenantRuntime {
  const refs = new Map<string, SourceRef>();
  const partitions = new Set<string>();
  for (const [key, source] of Object.entries(config.sources)) {
    const platform = platformFor(source);
    refs.set(key, { tenant: id, key, type: source.type, scope: platform.scopeOf(source) });
    partitions.add(ResponseCache.partition(id, key, credentialHash(platform.connection(source).credential)));
  }
  return { id, config, refs, partitions: [...partitions] };
}

/**
 * One request's view of its tenant's sources: connectors are built on first use and live as long
 * as the request, so their DataLoaders never outlive it or serve another user.
 */
export class RequestSources {
  private readonly connectors = new Map<string, InboxConnector>();
  private readonly clients = new Map<string, RestClient>();
  /** Calls of clients dropped after writes (still counted in the request log). */
  private writeCalls = 0;
  /** Clients of fresh connectors (their calls count too). */
  private readonly freshClients: RestClient[] = [];
  /** Rows the platforms sent that could not be read, left out of this request's answer (one error entry each). */
  skippedRows: SkippedRowLog;
  /** What this request's answer is built from (every read of its clients reports here): the answer cache's record. */
  dependencies = new AnswerDependencies();

  constructor(
    private readonly tenant: TenantRuntime,
    private readonly sub: string,
    private readonly shared: Omit<SharedUpstreamState, 'deadline' | 'versions'> & {
      /** Partition versions across instances (strict cache): each request reads them once. */
      partitionVersions?: PartitionVersions;
      /** Each request's time budget; its upstream calls get what remains of it. */
      budgetMs?: number | null;
      /** Each request's cap on platform calls (limits.maxUpstreamCallsPerRequest); null: none. */
      maxUpstreamCalls?: number | null;
    },
  ) {
    this.deadline = shared.budgetMs ? Date.now() + shared.budgetMs : null;
    this.callCap = new UpstreamCallCap(shared.maxUpstreamCalls ?? null);
    this.skippedRows = new SkippedRowLog(shared.metrics);
    this.versions = shared.partitionVersions?.forRequest(tenant.partitions);
  }

  /** This request's memo of the partitions' versions across instances (strict cache), if any. */
  private versions: RequestVersions | undefined;
  /** When this request's budget runs out (epoch ms), or null. */
  private deadline: number | null;
  /** The platform calls this request may still make, over all its sources. */
  private callCap: UpstreamCallCap;

  /** The state built by `requestState`, until `reset` replaces what it holds. */
  private state: SharedUpstreamState | null = null;

  /**
   * What this request's clients and connectors share: its deadline, row log, cap on calls and user.
   * Built once per request (each of its connectors and clients used to copy it afresh); nothing
   * mutates it, and `reset` builds the next one.
   */
  private get requestState(): SharedUpstreamState {
    return (this.state ??= this.buildRequestState());
  }

  private buildRequestState(): SharedUpstreamState {
    const { partitionVersions: _versions, ...shared } = this.shared;
    return {
      ...shared,
      deadline: this.deadline,
      skippedRows: this.skippedRows,
      callCap: this.callCap,
      user: this.sub,
      dependencies: this.dependencies,
      ...(this.versions ? { versions: this.versions } : {}),
    };
  }

  /**
   * The partitions' versions across instances as this request reads them (strict cache: one MGET,
   * shared with its reads); undefined without strict versions, null when Redis cannot say.
   */
  versionsNow(): Promise<ReadonlyMap<string, string> | null> | undefined {
    return this.versions?.all();
  }

  get refs(): SourceRef[] {
    return [...this.tenant.refs.values()];
  }

  ref(key: string): SourceRef | undefined {
    return this.tenant.refs.get(key);
  }

  refsOfTypes(types: readonly SourceType[] | null | undefined): SourceRef[] {
    return types && types.length > 0 ? this.refs.filter((ref) => types.includes(ref.type)) : this.refs;
  }

  /** The signed-in user's id in that source, if configured. */
  me(key: string): string | null {
    return this.tenant.config.users[this.sub]?.[key] ?? null;
  }

  /** Platform calls made so far by this request. */
  get upstreamCalls(): number {
    let total = this.writeCalls;
    for (const client of this.clients.values()) total += client.calls;
    for (const client of this.freshClients) total += client.calls;
    return total;
  }

  /**
   * After a write: drops the source's cached reads that it made stale (`conversation:<id>` and
   * `list`, in this tenant's partition only) and this request's connector, so every later read of
   * the request (the mutation's payload included) sees the platform's new state. Resolves once
   * the other instances cannot serve those reads either (bounded): a write awaits it before it answers.
   */
  afterWrite(key: string, conversationUpstreamId: string): Promise<void> {
    return this.afterSourceWrite(key, [`conversation:${conversationUpstreamId}`, 'list']);
  }

  /**
   * After a write to the source itself (a new conversation: `list`; saved views: `views`): drops the
   * cached reads with these tags, in this tenant's partition only, and this request's connector.
   * Resolves as `afterWrite` does.
   */
  afterSourceWrite(key: string, tags: readonly string[]): Promise<void> {
    const client = this.clients.get(key) ?? this.client(key);
    const spread = client.invalidate(tags);
    this.writeCalls += client.calls;
    this.connectors.delete(key);
    this.clients.delete(key);
    return spread;
  }

  /** Forgets every connector and client (a long-lived subscription resolves each event afresh). */
  reset(): void {
    this.state = null;
    this.deadline = this.shared.budgetMs ? Date.now() + this.shared.budgetMs : null;
    this.callCap = new UpstreamCallCap(this.shared.maxUpstreamCalls ?? null);
    for (const client of this.clients.values()) this.writeCalls += client.calls;
    this.connectors.clear();
    this.clients.clear();
    this.skippedRows = new SkippedRowLog(this.shared.metrics);
    this.dependencies = new AnswerDependencies();
    this.versions = this.shared.partitionVersions?.forRequest(this.tenant.partitions);
  }

  /** Drops the source's cached list and count reads (a poll reads the newest page fresh). */
  refreshLists(key: string): Promise<void> {
    return (this.clients.get(key) ?? this.client(key)).invalidate(['list']);
  }

  connector(key: string): InboxConnector {
    let connector = this.connectors.get(key);
    if (!connector) {
      const ref = this.tenant.refs.get(key);
      const config = this.tenant.config.sources[key];
      if (!ref || !config) throw new Error(`no source ${key} in tenant ${this.tenant.id}`);
      connector = connectorFor(ref, config, this.me(key), this.requestState, this.client(key));
      this.connectors.set(key, connector);
    }
    return connector;
  }

  /**
   * A connector of its own whose reads all go to the platform (no response cache, no request memo,
   * no DataLoader shared with the request's other reads): for a check that must see the platform as
   * it is now, whatever this instance read before ("was this message sent already?").
   */
  freshConnector(key: string): InboxConnector {
    const ref = this.tenant.refs.get(key);
    const config = this.tenant.config.sources[key];
    if (!ref || !config) throw new Error(`no source ${key} in tenant ${this.tenant.id}`);
    const shared = { ...this.requestState, fresh: true };
    const client = restClientFor(ref, config, shared);
    this.freshClients.push(client);
    return connectorFor(ref, config, this.me(key), shared, client);
  }

  client(key: string): RestClient {
    let client = this.clients.get(key);
    if (!client) {
      client = restClientFor(this.tenant.refs.get(key)!, this.tenant.config.sources[key]!, this.requestState);
      this.clients.set(key, client);
    }
    return client;
  }
}
