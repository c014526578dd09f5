// Deterministic ORU^R01 corpus with its ground truth: the facts are computed from the values
// before encoding, never by any parser under test.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = [
  'DOE',
  'SMITH',
  "O'BRIEN",
  'MÜLLER',
  'GARCÍA',
  'NGUYEN',
  'KOWALSKI',
  'DUBOIS',
  'ROSSI',
  'TANAKA',
];
const GIVEN = ['JANE', 'JOHN', 'ZOË', 'ANA', 'LI', 'PIERRE', 'FATIMA', 'OLGA'];
const TESTS = [
  ['2093-3', 'Cholesterol', 'mg/dL', '<200'],
  ['2571-8', 'Triglyceride', 'mg/dL', '<150'],
  ['2085-9', 'HDL', 'mg/dL', '40-60'],
  ['718-7', 'Hemoglobin', 'g/dL', '12.0-16.0'],
  ['6690-2', 'WBC', '10*3/uL', '4.0-11.0'],
  ['2345-7', 'Glucose', 'mg/dL', '70-99'],
  ['2951-2', 'Sodium', 'mmol/L', '135-145'],
  ['2823-3', 'Potassium', 'mmol/L', '3.5-5.1'],
];
const TEXTS = [
  'Fasting & hydrated',
  'Result verified | repeat advised',
  'Ratio 1^2 observed',
  'Path C:\\lab\\run',
  'Line one\nLine two',
  'Temp ~37 C',
  'Plain comment without escapes',
  'Café résumé naïve',
];
const FLAGS = ['N', 'H', 'L', 'A', 'HH', 'LL', ''];

function encode(text) {
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\E\\';
    else if (ch === '|') out += '\\F\\';
    else if (ch === '^') out += '\\S\\';
    else if (ch === '&') out += '\\T\\';
    else if (ch === '~') out += '\\R\\';
    else if (ch === '\n') out += '\\.br\\';
    else if (ch.charCodeAt(0) > 127 && ch === 'é') out += '\\XC3A9\\';
    else out += ch;
  }
  return out;
}

export function generate(targetBytes, seed = 20261126) {
  const rand = mulberry32(seed);
  const pick = (a) => a[Math.floor(rand() * a.length)];
  const messages = [];
  const facts = [];
  let bytes = 0;
  for (let n = 0; bytes < targetBytes; n++) {
    const mrn = `MRN${100000 + n}`;
    const family = pick(FAMILY);
    const given = pick(GIVEN);
    const ids = [`${mrn}^^^ACME&1.2.840.114350&ISO^MR`];
    if (rand() < 0.5) ids.push(`${900000 + n}^^^SSA^SS`);
    const lines = [
      `MSH|^~\\&|LAB|ACME_LAB|EHR|CLINIC|20261126${String(n % 24).padStart(2, '0')}1500||ORU^R01^ORU_R01|MSG${n}|P|2.5.1|||AL|NE||UNICODE UTF-8`,
      `PID|1||${ids.join('~')}||${encode(family)}^${encode(given)}^Q^^^^L||19800102|F|||1 MAIN ST^^SPRINGFIELD^IL^62701||555-0100`,
      'PV1|1|O|CLINIC^^^ACME||||1234^WELBY^MARCUS',
      `ORC|RE|ORD${n}|FIL${n}`,
      `OBR|1|ORD${n}|FIL${n}|24331-1^Lipid panel^LN|||20261126080000|||||||||1234^WELBY^MARCUS||||||20261126100000|||F`,
    ];
    const obxFacts = [];
    const count = 1 + Math.floor(rand() * rand() * 40);
    for (let i = 0; i < count; i++) {
      const [code, name, unit, range] = pick(TESTS);
      const flag = pick(FLAGS);
      let type;
      let value;
      let raw;
      if (rand() < 0.6) {
        type = 'NM';
        value = (rand() * 300).toFixed(1);
        raw = value;
      } else {
        type = rand() < 0.5 ? 'ST' : 'TX';
        value = pick(TEXTS);
        raw = encode(value);
        if (type === 'TX' && rand() < 0.3) raw += `~${encode(pick(TEXTS))}`;
      }
      const flagField = flag && rand() < 0.2 ? `${flag}~A` : flag;
      lines.push(
        `OBX|${i + 1}|${type}|${code}^${name}^LN||${raw}|${unit}|${range}|${flagField}|||F|||20261126090000`,
      );
      obxFacts.push([code, value, flag]);
      if (rand() < 0.1) lines.push(`NTE|1||${encode(pick(TEXTS))}`);
    }
    const text = `${lines.join('\r')}\r`;
    messages.push(text);
    facts.push({ pid3: mrn, pid5: family, obx: obxFacts });
    bytes += Buffer.byteLength(text);
  }
  return { messages, facts, bytes };
}

/** Cached in bench/.data so repeated runs skip generation. */
export function loadCorpus(targetBytes) {
  const dir = join(import.meta.dirname, '..', '.data');
  const file = join(dir, `hl7-oru-${targetBytes}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const corpus = generate(targetBytes);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(corpus));
  return corpus;
}
