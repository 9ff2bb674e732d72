import fc from 'fast-check';

/**
 * fc.integer arbitraries from { key: [min, max] }, to spread into an fc.record. Keys keep their order, so
 * a record draws its values in the same sequence as one written out field by field.
 */
export function integerFields<K extends string>(
  ranges: Record<K, readonly [number, number]>,
): Record<K, fc.Arbitrary<number>> {
  const fields = {} as Record<K, fc.Arbitrary<number>>;
  for (const key of Object.keys(ranges) as K[]) {
    const [min, max] = ranges[key];
    fields[key] = fc.integer({ min, max });
  }
  return fields;
}
