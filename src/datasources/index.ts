import type { SourceConfig } from '../config/schema.js';
import type { SourceType } from '../model/index.js';
import { chatvoltPlatform } from './chatvolt/index.js';
import { ironPlatform } from './iron/index.js';
import type { Platform } from './platform.js';
import { voiceglowPlatform } from './voiceglow/index.js';
import { voxysPlatform } from './voxys/index.js';

/** Every platform the gateway can speak to, by config `type`. */
export const PLATFORMS: { readonly [T in SourceType]: Platform<Extract<SourceConfig, { type: T }>> } = {
  voxys: voxysPlatform,
  chatvolt: chatvoltPlatform,
  voiceglow: voiceglowPlatform,
  iron: ironPlatform,
};

export function platformFor<C extends SourceConfig>(config: C): Platform<C> {
  // The map is keyed by the same discriminant, so this pairing is exact.
  return PLATFORMS[config.type] as unknown as Platform<C>;
}

/** A platform by type, when only the type is at hand (a model's `ref.type`). */
export function platformOfType(type: SourceType): Platform {
  return PLATFORMS[type] as unknown as Platform;
}
