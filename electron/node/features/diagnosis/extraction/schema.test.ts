import { describe, expect, it } from 'vitest';
import { canonicalJson, FeatureVectorBuilder, schemaHash } from './schema';
import { SOUND_SCHEMA, SOUND_SCHEMA_HASH } from './sound';
import { VIBRATION_SCHEMA_HASHES } from './vibration';

describe('feature schemas', () => {
  it('are pinned: changing a feature means bumping its schema version and retraining the models', () => {
    // If this fails after an intended change to the features, bump the schema's `version`,
    // run `npm run models:train`, and update these hashes.
    expect({ sound: SOUND_SCHEMA_HASH, ...VIBRATION_SCHEMA_HASHES }).toMatchInlineSnapshot(`
      {
        "narrowband": "c3c9eea3e03f257e8b9f6dd4b4ce2a6d64888a792fb22e6b56b4750496fbd648",
        "sound": "3fa56891e448e4b7c140619e19019f48591016891799db3d036394e52821a340",
        "wideband": "f3d60b2edda4303b325e12ce535d0c409b8eae09810a7bce296e52819fdd18a0",
      }
    `);
  });

  it('hash the same whatever the key order, and differently for any change', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const changed = { ...SOUND_SCHEMA, params: { ...SOUND_SCHEMA.params, longWindow: 32_768 } };
    expect(schemaHash(changed)).not.toBe(SOUND_SCHEMA_HASH);
    expect(schemaHash({ ...SOUND_SCHEMA, names: [...SOUND_SCHEMA.names].reverse() })).not.toBe(SOUND_SCHEMA_HASH);
  });
});

describe('FeatureVectorBuilder', () => {
  const schema = { id: 't', version: 1, names: ['a', 'b'], params: {} };
  it('refuses unknown names, non-finite values and missing features', () => {
    expect(() => new FeatureVectorBuilder(schema).set('c', 1)).toThrow(/not in schema/);
    expect(() => new FeatureVectorBuilder(schema).set('a', Number.NaN)).toThrow(/NaN/);
    expect(() => new FeatureVectorBuilder(schema).set('a', 1).build()).toThrow(/not computed: b/);
    expect(Array.from(new FeatureVectorBuilder(schema).set('b', 2).set('a', 1).build())).toEqual([1, 2]);
  });
});
