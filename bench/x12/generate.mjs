// Deterministic X12 corpora for the benchmark: an 835 of about 50 MB and an 837P of about
// 16 MB. Same seed, same bytes, every run. Facts (segment count, claim count, paid amounts)
// are computed while writing, so every parser is checked against the truth.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const money = (cents) => {
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  const frac = a % 100;
  return frac === 0
    ? `${sign}${(a - frac) / 100}`
    : `${sign}${(a - frac) / 100}.${String(frac).padStart(2, '0')}`;
};

function isa(ctrl, rep = '^') {
  return `ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*MEDFLOWCLINIC  *261126*1200*${rep}*00501*${String(ctrl).padStart(9, '0')}*0*P*:`;
}

class Out {
  constructor(path) {
    this.stream = createWriteStream(path);
    this.buf = [];
    this.size = 0;
    this.bytes = 0;
    this.segments = 0;
  }
  // A line break between segments, none after the last one: the peers count a phantom
  // segment after a final line break, and the benchmark compares parsing, not that.
  seg(text) {
    if (this.segments > 0) this.buf.push('\n');
    this.buf.push(text, '~');
    this.size += text.length + 2;
    this.segments++;
    if (this.size > 1 << 20) return this.flush();
  }
  async flush() {
    const chunk = this.buf.join('');
    this.bytes += chunk.length;
    if (chunk.length === 0) return;
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise((r) => this.stream.once('drain', r));
  }
  async close() {
    await this.flush();
    await new Promise((r) => this.stream.end(r));
  }
}

const CARCS = ['45', '1', '2', '3', '253', '97', '96'];

export async function generate835(path, targetBytes = 50 * 1024 * 1024) {
  const r = rng(835);
  const out = new Out(path);
  const facts = { segments: 0, claims: 0, paidCents: 0n, claim1000PaidCents: undefined, bytes: 0 };
  await out.seg(isa(1));
  await out.seg('GS*HP*CLEARINGHOUSE*MEDFLOWCLINIC*20261126*1200*1*X*005010X221A1');
  let st = 0;
  while (out.bytes + out.size < targetBytes) {
    st++;
    const ctrl = String(st).padStart(4, '0');
    const body = [];
    let paid = 0;
    const claimsInSt = 2000;
    const claimTexts = [];
    for (let c = 0; c < claimsInSt; c++) {
      const n = facts.claims + c + 1;
      const lines = 1 + Math.floor(r() * 3);
      const lineSegs = [];
      let charge = 0;
      let linePaidTotal = 0;
      let pr = 0;
      for (let l = 0; l < lines; l++) {
        const lc = 5000 + Math.floor(r() * 50000);
        const co = Math.floor(lc * 0.2 * r());
        const p = Math.floor((lc - co) * 0.2 * r());
        const lp = lc - co - p;
        charge += lc;
        linePaidTotal += lp;
        pr += p;
        lineSegs.push(
          `SVC*HC:992${10 + l}:25*${money(lc)}*${money(lp)}**1`,
          'DTM*472*20261101',
          `CAS*CO*${CARCS[(Math.floor(r() * 2) * 5) % 7]}*${money(co)}`,
          `CAS*PR*${1 + Math.floor(r() * 3)}*${money(p)}`,
          `REF*6R*L${n}X${l}`,
          `AMT*B6*${money(lc - co)}`,
        );
      }
      const status = n % 97 === 0 ? '22' : n % 13 === 0 ? '2' : '1';
      const sign = status === '22' ? -1 : 1;
      const claimPaid = sign * linePaidTotal;
      if (sign < 0) {
        // Reversal: claim-level negatives only, no service lines.
        claimTexts.push(
          `CLP*PCN${n}*22*${money(-charge)}*${money(claimPaid)}*${money(-pr)}*12*PAYER${n}*11*8`,
          `CAS*CO*45*${money(-(charge - linePaidTotal - pr))}`,
          `CAS*PR*1*${money(-pr)}`,
          `NM1*QC*1*PATIENT*NAME${n % 1000}****MI*M${n}`,
          'DTM*232*20261101',
        );
      } else {
        claimTexts.push(
          `CLP*PCN${n}*${status}*${money(charge)}*${money(claimPaid)}*${money(pr)}*12*PAYER${n}*11*1`,
          `NM1*QC*1*PATIENT*NAME${n % 1000}****MI*M${n}`,
          `NM1*82*1*RENDERING*DOC****XX*1234567893`,
          'DTM*232*20261101',
          ...lineSegs,
        );
      }
      paid += claimPaid;
      if (n === 1000) facts.claim1000PaidCents = claimPaid;
      facts.paidCents += BigInt(claimPaid);
    }
    facts.claims += claimsInSt;
    const plb = 1000 + Math.floor(r() * 5000);
    body.push(
      `BPR*I*${money(paid - plb)}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261120`,
      `TRN*1*EFT${st}*1512345678`,
      'DTM*405*20261119',
      'N1*PR*ACME HEALTH PLAN',
      'N3*100 PAYER WAY',
      'N4*COLUMBUS*OH*43215',
      'REF*2U*ACME01',
      'N1*PE*SUNRISE FAMILY PRACTICE*XX*1234567893',
      'REF*TJ*123456789',
      'LX*1',
      ...claimTexts,
      `PLB*1234567893*20261231*WO:R${st}*${money(plb)}`,
    );
    await out.seg(`ST*835*${ctrl}*005010X221A1`);
    for (const s of body) await out.seg(s);
    await out.seg(`SE*${body.length + 2}*${ctrl}`);
  }
  await out.seg(`GE*${st}*1`);
  await out.seg('IEA*1*000000001');
  await out.close();
  facts.segments = out.segments;
  facts.bytes = out.bytes;
  return facts;
}

export async function generate837(path, targetBytes = 16 * 1024 * 1024) {
  const r = rng(837);
  const out = new Out(path);
  const facts = { segments: 0, claims: 0, chargeCents: 0n, claim1000ChargeCents: undefined, bytes: 0 };
  await out.seg(isa(2));
  await out.seg('GS*HC*MEDFLOWCLINIC*CLEARINGHOUSE*20261126*1200*1*X*005010X222A1');
  let st = 0;
  while (out.bytes + out.size < targetBytes) {
    st++;
    const ctrl = String(st).padStart(4, '0');
    const body = [
      `BHT*0019*00*B${st}*20261126*1200*CH`,
      'NM1*41*2*SUNRISE FAMILY PRACTICE*****46*SUBMIT01',
      'PER*IC*BILLING*TE*9375551212',
      'NM1*40*2*ACME HEALTH PLAN*****46*ACME01',
      'HL*1**20*1',
      'NM1*85*2*SUNRISE FAMILY PRACTICE*****XX*1234567893',
      'N3*1 MAIN ST',
      'N4*DAYTON*OH*454021234',
      'REF*EI*123456789',
    ];
    let hl = 1;
    for (let c = 0; c < 1000; c++) {
      const n = facts.claims + 1;
      hl++;
      body.push(
        `HL*${hl}*1*22*0`,
        'SBR*P*18*GRP1001******CI',
        `NM1*IL*1*SUBSCRIBER*NAME${n % 1000}****MI*M${n}`,
        'N3*12 ELM ST',
        'N4*DAYTON*OH*45402',
        'DMG*D8*19800115*F',
        'NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01',
      );
      const lines = 1 + Math.floor(r() * 3);
      const lineSegs = [];
      let charge = 0;
      for (let l = 0; l < lines; l++) {
        const lc = 5000 + Math.floor(r() * 50000);
        charge += lc;
        lineSegs.push(`LX*${l + 1}`, `SV1*HC:992${10 + l}:25*${money(lc)}*UN*1***1`, 'DTP*472*D8*20261101');
      }
      body.push(`CLM*PCN${n}*${money(charge)}***11:B:1*Y*A*Y*Y`, 'HI*ABK:J209*ABF:R05', ...lineSegs);
      facts.claims++;
      facts.chargeCents += BigInt(charge);
      if (n === 1000) facts.claim1000ChargeCents = charge;
    }
    await out.seg(`ST*837*${ctrl}*005010X222A1`);
    for (const s of body) await out.seg(s);
    await out.seg(`SE*${body.length + 2}*${ctrl}`);
  }
  await out.seg(`GE*${st}*1`);
  await out.seg('IEA*1*000000002');
  await out.close();
  facts.segments = out.segments;
  facts.bytes = out.bytes;
  return facts;
}

export async function ensureDir(dir) {
  await mkdir(dir, { recursive: true });
}
