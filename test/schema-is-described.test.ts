import {
  buildSchema as buildSdlSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema, loadTypeDefs } from '../src/graph/schema.js';

/**
 * Every element of the schema a frontend sees in GraphiQL's docs explorer (types, fields,
 * arguments, input fields, enum values), by its coordinate, with its description. Introspection
 * types and the built-in scalars are GraphQL's own and described by the spec.
 */
function describedElements(schema: GraphQLSchema): Map<string, string | null | undefined> {
  const elements = new Map<string, string | null | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    elements.set(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        elements.set(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) elements.set(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) elements.set(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) elements.set(`${type.name}.${value.name}`, value.description);
    }
  }
  return elements;
}

/** The coordinates of the elements without a description, sorted. */
function undescribedElements(schema: GraphQLSchema): string[] {
  return [...describedElements(schema)]
    .filter(([, description]) => !description?.trim())
    .map(([coordinate]) => coordinate)
    .sort();
}

describe('the schema is described', () => {
  it('gives every type, field, argument, input field and enum value a description', () => {
    expect(undescribedElements(buildSchema())).toEqual([]);
  });

  it('serves the descriptions written in schema/*.graphql (no resolver replaces one)', () => {
    const served = describedElements(buildSchema());
    const written = describedElements(buildSdlSchema(loadTypeDefs().join('\n')));
    expect(Object.fromEntries(served)).toEqual(Object.fromEntries(written));
  });

  it('the check names each kind of element that lacks one (so it cannot pass vacuously)', () => {
    const sdl = `
      "described" type Query { "described" a(x: Int, "described" y: Int): Thing  b: Int }
      type Thing { "described" v: Shade }
      "described" enum Shade { "described" LIGHT DARK }
      "described" input Filter { "described" on: Boolean  off: Boolean }
      "described" type Mutation { "described" m(f: Filter): Int }
      scalar Stamp
      "described" type Extra { "described" s: Stamp }
      "described" union Either = Thing | Extra
      interface Named { "described" name: String }`;
    expect(undescribedElements(buildSdlSchema(sdl))).toEqual(['Filter.off', 'Mutation.m(f:)', 'Named', 'Query.a(x:)', 'Query.b', 'Shade.DARK', 'Stamp', 'Thing']);
  });
});
