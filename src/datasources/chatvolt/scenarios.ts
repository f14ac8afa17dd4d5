import DataLoader from 'dataloader';
import type { ScenarioPlacementModel, ScenarioStepModel, SourceRef } from '../../model/index.js';
import { mapWithConcurrency } from '../shared/index.js';
import type { ChatvoltApi } from './api.js';
import { currentLink, toPlacement, toStep } from './mapping.js';
import type { ChatvoltConversation, ChatvoltStep } from './schemas.js';

/**
 * Chatvolt's CRM scenarios for one request: a conversation's placement (its detail names the
 * scenario link; the scenario list and the scenario's steps add the description and step index)
 * and a scenario's steps for a "move to step" picker. Both reads are cacheable across requests.
 */
export class ChatvoltScenarios {
  private readonly steps: DataLoader<string, ChatvoltStep[]>;

  constructor(
    private readonly ref: SourceRef,
    private readonly api: ChatvoltApi,
    /** The connector's detail loader (the conversation and its senders share it). */
    private readonly details: DataLoader<string, ChatvoltConversation | null>,
    limit: number,
  ) {
    this.steps = new DataLoader((ids) => mapWithConcurrency(ids, limit, (id) => this.fetchSteps(id)));
  }

  /** The reads `placement` will make: the scenario list at once, the steps as soon as the detail names the scenario. */
  readsAhead(conversationId: string): (() => Promise<unknown>)[] {
    return [() => this.api.scenarios(), () => this.placement(conversationId)];
  }

  async placement(conversationId: string): Promise<ScenarioPlacementModel | null> {
    const link = await this.linkOf(conversationId);
    if (!link) return null;
    const [scenarios, steps] = await Promise.all([this.api.scenarios(), this.steps.load(link.scenario.id)]);
    return toPlacement(
      this.ref,
      conversationId,
      link,
      scenarios.find((s) => s.id === link.scenario.id),
      steps,
    );
  }

  async stepsOf(scenarioId: string): Promise<ScenarioStepModel[]> {
    const steps = await this.steps.load(scenarioId);
    return steps.map((step) => toStep(this.ref, scenarioId, step));
  }

  private async linkOf(conversationId: string) {
    const detail = await this.details.load(conversationId);
    return detail ? currentLink(detail.crmScenarioConversations) : null;
  }

  /** A scenario's steps by index (steps without one last); the cached answer itself is never mutated. */
  private async fetchSteps(scenarioId: string): Promise<ChatvoltStep[]> {
    const steps = await this.api.steps(scenarioId);
    return [...steps].sort((a, b) => (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER));
  }
}
