// Writes public/samples/apple-health-export.xml: a small, deterministic Apple Health export for the
// demo (two weeks of steps from an iPhone and a Watch that overlap, resting heart rate,
// weight in pounds, a blood-pressure correlation), shaped like the real export.xml.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join(import.meta.dirname, '..', 'public', 'samples', 'apple-health-export.xml');
const phone =
  'sourceName="Ava’s iPhone" sourceVersion="17.1" device="&lt;&lt;HKDevice: 0x280a1c0f0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone15,2, software:17.1&gt;"';
const watch =
  'sourceName="Ava’s Apple Watch" sourceVersion="10.1" device="&lt;&lt;HKDevice: 0x280a1c2d0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;"';
const scale = 'sourceName="Withings" sourceVersion="6.2.1"';
const pad = (n) => String(n).padStart(2, '0');
const stamp = (day, h, m) => `2026-11-${pad(day)} ${pad(h)}:${pad(m)}:00 -0500`;
let rng = 42;
const rand = () => {
  rng = (rng * 1103515245 + 12345) % 2 ** 31;
  return rng / 2 ** 31;
};

const lines = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<!DOCTYPE HealthData [',
  '<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>',
  '<!ATTLIST HealthData locale CDATA #REQUIRED>',
  ']>',
  '<HealthData locale="en_US">',
  ' <ExportDate value="2026-11-20 21:00:00 -0500"/>',
  ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>',
];
for (let day = 7; day <= 20; day++) {
  // Morning walk recorded by both devices (overlap), afternoon steps by the phone only
  // (watch charging), evening by the watch only.
  const walk = 1500 + Math.round(rand() * 2500);
  lines.push(
    `  <Record type="HKQuantityTypeIdentifierStepCount" ${phone} unit="count" creationDate="${stamp(day, 9, 5)}" startDate="${stamp(day, 8, 0)}" endDate="${stamp(day, 9, 0)}" value="${walk}"/>`,
  );
  lines.push(
    `  <Record type="HKQuantityTypeIdentifierStepCount" ${watch} unit="count" creationDate="${stamp(day, 9, 5)}" startDate="${stamp(day, 8, 0)}" endDate="${stamp(day, 9, 0)}" value="${walk + 120}"/>`,
  );
  lines.push(
    `  <Record type="HKQuantityTypeIdentifierStepCount" ${phone} unit="count" creationDate="${stamp(day, 15, 5)}" startDate="${stamp(day, 13, 0)}" endDate="${stamp(day, 15, 0)}" value="${800 + Math.round(rand() * 1500)}"/>`,
  );
  lines.push(
    `  <Record type="HKQuantityTypeIdentifierStepCount" ${watch} unit="count" creationDate="${stamp(day, 20, 5)}" startDate="${stamp(day, 18, 0)}" endDate="${stamp(day, 20, 0)}" value="${1200 + Math.round(rand() * 2000)}"/>`,
  );
  lines.push(
    `  <Record type="HKQuantityTypeIdentifierRestingHeartRate" ${watch} unit="count/min" creationDate="${stamp(day, 23, 0)}" startDate="${stamp(day, 0, 0)}" endDate="${stamp(day, 23, 59)}" value="${58 + Math.round(rand() * 8)}"/>`,
  );
  if (day % 2 === 0) {
    lines.push(
      `  <Record type="HKQuantityTypeIdentifierBodyMass" ${scale} unit="lb" creationDate="${stamp(day, 7, 0)}" startDate="${stamp(day, 7, 0)}" endDate="${stamp(day, 7, 0)}" value="${(152 - (day - 7) * 0.2).toFixed(1)}"/>`,
    );
  }
}
lines.push(
  `  <Correlation type="HKCorrelationTypeIdentifierBloodPressure" ${phone} creationDate="${stamp(20, 8, 0)}" startDate="${stamp(20, 8, 0)}" endDate="${stamp(20, 8, 0)}">`,
);
lines.push(
  `   <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" ${phone} unit="mmHg" creationDate="${stamp(20, 8, 0)}" startDate="${stamp(20, 8, 0)}" endDate="${stamp(20, 8, 0)}" value="128"/>`,
);
lines.push(
  `   <Record type="HKQuantityTypeIdentifierBloodPressureDiastolic" ${phone} unit="mmHg" creationDate="${stamp(20, 8, 0)}" startDate="${stamp(20, 8, 0)}" endDate="${stamp(20, 8, 0)}" value="82"/>`,
);
lines.push('  </Correlation>');
lines.push('</HealthData>', '');
writeFileSync(out, lines.join('\n'));
console.log(`wrote ${out}`);
