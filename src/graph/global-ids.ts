import type { SourceType } from '../model/index.js';
import type { Source } from '../generated/graphql.js';

export { encodeId } from './ids.js';

/** The graph's Source enum value of a platform type. */
export function sourceEnum(type: SourceType): Source {
  return type.toUpperCase() as Source;
}

export function sourceTypeOf(source: Source): SourceType {
  return source.toLowerCase() as SourceType;
}
