/** The four platform kinds the gateway speaks to. */
export const SOURCE_TYPES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * One configured source of one tenant (`tenants.<tenant>.sources.<key>` in the config).
 * Every model object carries its ref, so ids, caches and loaders can never mix tenants or sources.
 */
export interface SourceRef {
  tenant: string;
  /** The config key, e.g. `voxys` or `voxys-eu`: a tenant may configure two sources of one type. */
  key: string;
  type: SourceType;
  /** The platform scope: Voxys account id, VoiceGlow agent id, Iron org id, Chatvolt organization ('' when implied by the key). */
  scope: string;
}
