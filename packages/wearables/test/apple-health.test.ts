import { Readable } from 'node:stream';
import { ValidationError } from '@medflow/core';
import { createMemorySampleSink, dailyTotals, type Sample } from '@medflow/wearables';
import {
  AppleHealthImportError,
  type AppleImportCheckpoint,
  appleDate,
  importAppleHealthExport,
  parseHkDevice,
} from '@medflow/wearables/apple-health';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BODY, EXPORT_XML, FOOTER, HEADER, PHONE, WATCH } from './fixtures/apple-export';

function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const zipped = () =>
  zipSync({
    'apple_health_export/export.xml': strToU8(EXPORT_XML),
    'apple_health_export/export_cda.xml': strToU8('<ClinicalDocument/>'),
    'apple_health_export/workout-routes/route_2026-06-10_6.30pm.gpx': strToU8('<gpx/>'),
  });

const byKind = (samples: Sample[], kind: string) => samples.filter((s) => s.kind === kind);

describe('Apple Health export import', () => {
  it('streams export.zip into normalized samples', async () => {
    const sink = createMemorySampleSink();
    const summaries: unknown[] = [];
    const progress: number[] = [];
    const result = await importAppleHealthExport(chunked(zipped(), 97), {
      sink,
      subject: 'p1',
      batchSize: 4,
      onActivitySummary: (s) => summaries.push(s),
      onProgress: (p) => progress.push(p.records),
    });
    const all = sink.all('p1');
    expect(
      byKind(all, 'steps')
        .map((s) => ('value' in s ? s.value : 0))
        .sort(),
    ).toEqual([1000, 1200, 600]);
    expect(byKind(all, 'heart_rate')[0]).toMatchObject({
      value: 61,
      unit: '/min',
      time: { start: '2026-06-10T08:05:00-04:00' },
    });
    expect(byKind(all, 'oxygen_saturation')[0]).toMatchObject({ value: 97, unit: '%' });
    expect(byKind(all, 'weight')[0]).toMatchObject({ unit: 'kg' });
    expect((byKind(all, 'weight')[0] as { value: number }).value).toBeCloseTo(69.853225, 5);
    expect(byKind(all, 'hrv')[0]).toMatchObject({ method: 'sdnn', value: 48.5 });
    // One blood pressure, from the Correlation; the duplicated top-level Records add nothing.
    expect(byKind(all, 'blood_pressure')).toHaveLength(1);
    expect(byKind(all, 'blood_pressure')[0]).toMatchObject({ systolic: 121, diastolic: 79 });
    expect(byKind(all, 'workout')[0]).toMatchObject({ activity: 'running', value: 30, energyKcal: 310 });
    expect((byKind(all, 'workout')[0] as { distanceKm: number }).distanceKm).toBeCloseTo(4.989, 3);
    const [night] = byKind(all, 'sleep');
    expect(night).toMatchObject({
      value: 450,
      time: { start: '2026-06-09T23:00:00-04:00', end: '2026-06-10T07:00:00-04:00' },
    });
    expect(night && 'stages' in night ? night.stages.map((s) => s.stage) : []).toEqual([
      'light',
      'deep',
      'awake',
      'rem',
    ]);
    expect(byKind(all, 'heart_rate')[0]?.provenance.device).toMatchObject({ manufacturer: 'Apple Inc.' });
    expect(summaries).toEqual([
      { date: '2026-06-10', activeEnergyKcal: 450.5, exerciseMinutes: 32, standHours: 10, moveMinutes: 0 },
    ]);
    expect(result.skipped).toBe(1); // the water record
    expect(result.activitySummaries).toBe(1);
    expect(result.samplesWritten).toBe(all.length); // the repeated record collapsed before the write
    expect(progress.length).toBeGreaterThan(1);
    expect(result.bytesRead).toBe(zipped().length);
    expect(result.xmlBytes).toBe(strToU8(EXPORT_XML).length);
    // A repeated record and two devices on one walk: the merged day is 1200 + 600, not 3400.
    expect(dailyTotals(all, { kinds: ['steps'] })[0]?.value).toBe(1800);
  });

  it('reads a bare export.xml from a Node stream and from an async iterable', async () => {
    const a = createMemorySampleSink();
    await importAppleHealthExport(Readable.from([Buffer.from(EXPORT_XML)]), { sink: a, subject: 'p1' });
    const b = createMemorySampleSink();
    async function* bytes() {
      const all = strToU8(EXPORT_XML);
      for (let i = 0; i < all.length; i += 33) yield all.slice(i, i + 33);
    }
    await importAppleHealthExport(bytes(), { sink: b, subject: 'p1' });
    expect(a.all()).toEqual(b.all());
    expect(a.all().length).toBe(10);
  });

  it('parses on the calling thread with parallel: false, to the same samples and errors', async () => {
    for (const input of [() => chunked(strToU8(EXPORT_XML), 97), () => chunked(zipped(), 97)]) {
      const threaded = createMemorySampleSink();
      const here = createMemorySampleSink();
      const a = await importAppleHealthExport(input(), { sink: threaded, subject: 'p1', batchSize: 3 });
      const b = await importAppleHealthExport(input(), {
        sink: here,
        subject: 'p1',
        batchSize: 3,
        parallel: false,
      });
      expect(here.all()).toEqual(threaded.all());
      expect(here.all().length).toBe(10);
      expect(b).toEqual(a);
    }
    for (const parallel of [true, false]) {
      const cut = strToU8(HEADER + BODY.slice(0, BODY.length / 2));
      await expect(
        importAppleHealthExport(chunked(cut, 100), {
          sink: createMemorySampleSink(),
          subject: 'p1',
          parallel,
        }),
      ).rejects.toBeInstanceOf(AppleHealthImportError);
    }
  });

  it('reads repeated, missing and changing types and devices alike on both threads', async () => {
    const rec = (type: string, device: string | undefined, minute: number, value = '10') =>
      ` <Record type="${type}" sourceName="Ann’s Watch" unit="count"${device === undefined ? '' : ` device="${device}"`} startDate="2026-06-10 08:${String(minute).padStart(2, '0')}:00 -0400" endDate="2026-06-10 08:${String(minute + 1).padStart(2, '0')}:00 -0400" value="${value}"/>\n`;
    const steps = 'HKQuantityTypeIdentifierStepCount';
    const flights = 'HKQuantityTypeIdentifierFlightsClimbed';
    const body = [
      rec(steps, WATCH, 1),
      rec(steps, undefined, 2),
      rec(steps, WATCH, 3),
      rec(steps, WATCH, 4),
      rec(steps, PHONE, 5),
      rec(flights, PHONE, 6, '2'),
      rec(steps, PHONE, 7),
      ' <Record sourceName="x" value="1"/>\n',
      rec(steps, PHONE, 8),
    ].join('');
    const xml = strToU8(`${HEADER}${body}${FOOTER}`);
    const threaded = createMemorySampleSink();
    const here = createMemorySampleSink();
    await importAppleHealthExport(chunked(xml, 120), { sink: threaded, subject: 'p1' });
    await importAppleHealthExport(chunked(xml, 120), { sink: here, subject: 'p1', parallel: false });
    expect(threaded.all()).toEqual(here.all());
    // Steps at minutes 1–5, 7 and 8 (flights are not a kind we model; the typeless Record is skipped).
    const byTime = [...here.all()].sort((x, y) => x.time.start.localeCompare(y.time.start));
    const devices = byTime.map((s) => s.provenance.device?.name);
    expect(devices).toEqual([
      'Apple Watch',
      undefined,
      'Apple Watch',
      'Apple Watch',
      'iPhone',
      'iPhone',
      'iPhone',
    ]);
  });

  it('stops when the signal aborts, parse thread included', async () => {
    const controller = new AbortController();
    const sink = createMemorySampleSink();
    const big = strToU8(HEADER + BODY.repeat(40) + FOOTER);
    let reads = 0;
    const input = new ReadableStream<Uint8Array>({
      pull(c) {
        if (++reads === 5) controller.abort(new Error('upload cancelled'));
        c.enqueue(big.slice((reads - 1) * 500, reads * 500));
        if (reads * 500 >= big.length) c.close();
      },
    });
    await expect(
      importAppleHealthExport(input, { sink, subject: 'p1', signal: controller.signal }),
    ).rejects.toThrow('upload cancelled');
  });

  it('gives the same ids on re-import, so importing twice stores nothing new', async () => {
    const sink = createMemorySampleSink();
    await importAppleHealthExport(chunked(strToU8(EXPORT_XML), 1000), { sink, subject: 'p1' });
    const first = sink.all().map((s) => s.id);
    await importAppleHealthExport(chunked(zipped(), 1000), { sink, subject: 'p1' });
    expect(sink.all().map((s) => s.id)).toEqual(first);
  });

  it('resumes from a checkpoint without losing or re-writing samples', async () => {
    const full = createMemorySampleSink();
    await importAppleHealthExport(chunked(strToU8(EXPORT_XML), 200), {
      sink: full,
      subject: 'p1',
      batchSize: 2,
    });

    const written: string[] = [];
    let saved: AppleImportCheckpoint | undefined;
    let batches = 0;
    const crashing = createMemorySampleSink();
    const sink = {
      write: async (samples: readonly Sample[], ctx: { subject: string }) => {
        if (++batches === 3) throw new Error('worker killed');
        written.push(...samples.map((s) => s.id));
        await crashing.write(samples, ctx);
      },
      delete: crashing.delete,
    };
    await expect(
      importAppleHealthExport(chunked(strToU8(EXPORT_XML), 200), {
        sink,
        subject: 'p1',
        batchSize: 2,
        onCheckpoint: (c) => {
          saved = c;
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(saved?.elements).toBeGreaterThan(0);
    const beforeResume = written.length;
    await importAppleHealthExport(chunked(zipped(), 200), {
      sink,
      subject: 'p1',
      batchSize: 2,
      resumeFrom: saved,
    });
    expect(crashing.all()).toEqual(full.all());
    // Nothing written before the checkpoint is written again.
    const rewritten = written.slice(beforeResume).filter((id) => written.slice(0, beforeResume).includes(id));
    expect(rewritten).toEqual([]);
  });

  it('resumes without loss or rewrites whichever batch the import dies in', async () => {
    // Two sleep sources end the file with two sessions emitted by one element, so some batch
    // boundary falls inside an element.
    const extraSleep = (source: string) =>
      ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="${source}" unit="" creationDate="2026-06-11 07:00:00 -0400" startDate="2026-06-11 01:00:00 -0400" endDate="2026-06-11 05:00:00 -0400" value="HKCategoryValueSleepAnalysisAsleepCore"/>\n`;
    const xml = strToU8(HEADER + BODY + extraSleep('Oura') + extraSleep('Sleep Cycle') + FOOTER);
    // Both the parse thread and the calling-thread parser.
    for (const [parallel, batchSize] of [true, false].flatMap((p) =>
      [1, 2, 3, 4].map((b) => [p, b] as const),
    )) {
      const full = createMemorySampleSink();
      // Ids the file itself repeats in different batches are written once per batch, kill or not.
      const uninterrupted: string[] = [];
      const recording = {
        write: async (samples: readonly Sample[], ctx: { subject: string }) => {
          uninterrupted.push(...samples.map((s) => s.id));
          await full.write(samples, ctx);
        },
        delete: full.delete,
      };
      await importAppleHealthExport(chunked(xml, 150), {
        sink: recording,
        subject: 'p1',
        batchSize,
        parallel,
      });
      const repeated = new Set(uninterrupted.filter((id, i) => uninterrupted.indexOf(id) !== i));
      const total = uninterrupted.length;
      for (let dieAt = 1; dieAt <= Math.ceil(total / batchSize); dieAt++) {
        const written: string[] = [];
        const store = createMemorySampleSink();
        let batches = 0;
        let crash = true;
        let saved: AppleImportCheckpoint | undefined;
        const sink = {
          write: async (samples: readonly Sample[], ctx: { subject: string }) => {
            if (crash && ++batches === dieAt) throw new Error('worker killed');
            written.push(...samples.map((s) => s.id));
            await store.write(samples, ctx);
          },
          delete: store.delete,
        };
        const options = {
          sink,
          subject: 'p1',
          batchSize,
          parallel,
          onCheckpoint: (c: AppleImportCheckpoint) => {
            saved = c;
          },
        };
        await expect(importAppleHealthExport(chunked(xml, 150), options)).rejects.toThrow('worker killed');
        crash = false;
        const before = new Set(written);
        const beforeCount = written.length;
        await importAppleHealthExport(chunked(xml, 150), { ...options, resumeFrom: saved });
        const label = `parallel ${parallel}, batch size ${batchSize}, killed at batch ${dieAt}`;
        expect(store.all(), label).toEqual(full.all());
        // Nothing written before the kill is written again.
        const again = written.slice(beforeCount).filter((id) => before.has(id) && !repeated.has(id));
        expect(again, label).toEqual([]);
      }
    }
  });

  it('converts dates whatever day and offset the previous one had', () => {
    const cases: Array<[string, string | undefined]> = [
      ['2024-01-01 08:10:00 -0500', '2024-01-01T08:10:00-05:00'],
      ['2024-01-01 23:59:59 -0500', '2024-01-01T23:59:59-05:00'],
      ['2024-01-02 00:00:00 -0500', '2024-01-02T00:00:00-05:00'],
      ['2024-01-02 00:00:00 +0530', '2024-01-02T00:00:00+05:30'],
      ['2024-01-02 00:00:00 -0500', '2024-01-02T00:00:00-05:00'],
      ['2023-01-02 00:00:00 -0500', '2023-01-02T00:00:00-05:00'],
      ['2023-01-02 00:00:00 -0500 ', undefined],
      ['2023-01-02T00:00:00 -0500', undefined],
      ['2023-01-02 00:00:00 −0500', '2023-01-02T00:00:00−05:00'],
      ['2023-01-02 00:00:00 -0500', '2023-01-02T00:00:00-05:00'],
    ];
    for (const [raw, iso] of cases) expect(appleDate(raw), raw).toBe(iso);
    expect(appleDate(undefined)).toBeUndefined();
  });

  it('never expands external entities (XXE) and refuses declared entities', async () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&xxe;" unit="count" startDate="2026-06-10 08:00:00 -0400" endDate="2026-06-10 09:00:00 -0400" value="1"/></HealthData>`;
    const sink = createMemorySampleSink();
    const error = await importAppleHealthExport(chunked(strToU8(xxe), 64), { sink, subject: 'p1' }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AppleHealthImportError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(String(error.message)).not.toMatch(/root:/);
    expect(sink.all()).toEqual([]);

    const laughs = `<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="&b;" unit="count" startDate="2026-06-10 08:00:00 -0400" endDate="2026-06-10 09:00:00 -0400" value="1"/></HealthData>`;
    await expect(
      importAppleHealthExport(chunked(strToU8(laughs), 64), { sink, subject: 'p1' }),
    ).rejects.toBeInstanceOf(AppleHealthImportError);
  });

  it('reports truncated or non-XML input as a typed error', async () => {
    const sink = createMemorySampleSink();
    const cut = strToU8(HEADER + BODY.slice(0, BODY.length / 2));
    await expect(importAppleHealthExport(chunked(cut, 100), { sink, subject: 'p1' })).rejects.toBeInstanceOf(
      AppleHealthImportError,
    );
    const noXml = zipSync({ 'apple_health_export/export_cda.xml': strToU8('<x/>') });
    await expect(importAppleHealthExport(chunked(noXml, 100), { sink, subject: 'p1' })).rejects.toThrow(
      /No export.xml/,
    );
    await expect(
      importAppleHealthExport(chunked(strToU8(`${HEADER}<Record value="1"${FOOTER}`), 100), {
        sink,
        subject: 'p1',
      }),
    ).rejects.toBeInstanceOf(AppleHealthImportError);
  });

  it('parses HKDevice strings whose hardware id has a comma', () => {
    expect(
      parseHkDevice(
        '<<HKDevice: 0x1>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1>',
      ),
    ).toEqual({
      name: 'Apple Watch',
      manufacturer: 'Apple Inc.',
      model: 'Watch',
      hardwareVersion: 'Watch6,1',
      softwareVersion: '10.1',
      type: 'watch',
    });
  });
});
