import type { Sample } from '@medflow/wearables';

let n = 0;
export function steps(
  source: string,
  start: string,
  end: string,
  value: number,
  extra: { timeZone?: string; type?: 'watch' | 'phone' } = {},
): Sample {
  n++;
  return {
    id: `test:${source}:${n}`,
    kind: 'steps',
    value,
    unit: '{steps}',
    time: { start, end, ...(extra.timeZone ? { timeZone: extra.timeZone } : {}) },
    provenance: {
      provider: 'apple-health',
      sourceName: source,
      sourceRecordId: `${source}:${n}`,
      ...(extra.type ? { device: { type: extra.type } } : {}),
    },
  };
}
