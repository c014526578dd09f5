import { createMemorySampleSink, dailyTotals, mergeByPriority, type Sample } from '@medflow/wearables';
import { AppleHealthImportError, importAppleHealthExport } from '@medflow/wearables/apple-health';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_XML } from './fixtures/apple-export';

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function importOutcome(bytes: Uint8Array) {
  try {
    await importAppleHealthExport(once(bytes), { sink: createMemorySampleSink(), subject: 'p' });
    return 'value';
  } catch (error) {
    if (error instanceof AppleHealthImportError) return 'typed-error';
    throw error;
  }
}

describe('Apple export import never crashes on bad input', () => {
  it('random bytes end in a typed error or a value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        expect(['value', 'typed-error']).toContain(await importOutcome(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('mutated real exports (XML and zip) end in a typed error or a value', async () => {
    const xml = strToU8(EXPORT_XML);
    const zip = zipSync({ 'apple_health_export/export.xml': xml });
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        async (zipped, edits, cut) => {
          const source = zipped ? zip : xml;
          const bytes = source.slice(0, source.length - (cut % 64));
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          expect(['value', 'typed-error']).toContain(await importOutcome(bytes));
        },
      ),
      { numRuns: 150 },
    );
  });
});

const interval = fc
  .tuple(
    fc.integer({ min: 0, max: 48 * 60 }),
    fc.integer({ min: 1, max: 180 }),
    fc.integer({ min: 0, max: 2000 }),
  )
  .map(([startMin, lengthMin, value]) => ({ startMin, lengthMin, value }));

function toSamples(
  source: string,
  list: Array<{ startMin: number; lengthMin: number; value: number }>,
): Sample[] {
  return list.map((x, i) => {
    const start = Date.parse('2026-06-10T00:00:00-04:00') + x.startMin * 60_000;
    return {
      id: `${source}:${i}`,
      kind: 'steps',
      value: x.value,
      unit: '{steps}',
      time: {
        start: new Date(start).toISOString(),
        end: new Date(start + x.lengthMin * 60_000).toISOString(),
      },
      provenance: { provider: 'p', sourceName: source, sourceRecordId: String(i) },
    };
  });
}

const sum = (s: Sample[]) => s.reduce((t, x) => t + ('value' in x ? x.value : 0), 0);

describe('priority merge properties', () => {
  it('never exceeds the naive sum, never drops below the top source, ignores order, and day totals add up', () => {
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 8 }), fc.array(interval, { maxLength: 8 }), (a, b) => {
        const watch = toSamples('Watch', a);
        const phone = toSamples('Phone', b);
        const all = [...watch, ...phone];
        const merged = mergeByPriority(all, { kind: 'steps', priority: ['Watch'] });
        expect(merged.total).toBeLessThanOrEqual(sum(all) + 1e-6);
        expect(merged.total).toBeGreaterThanOrEqual(sum(watch) - 1e-6);
        const reversed = mergeByPriority([...all].reverse(), { kind: 'steps', priority: ['Watch'] });
        expect(reversed.total).toBeCloseTo(merged.total, 6);
        const days = dailyTotals(all, { kinds: ['steps'], priority: ['Watch'] });
        expect(days.reduce((t, d) => t + d.value, 0)).toBeCloseTo(merged.total, 3);
      }),
      { numRuns: 200 },
    );
  });
});
