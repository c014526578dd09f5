import { hlLoop, loop, UNBOUNDED as N, seg, type TransactionSchema } from './loops';

// Loop schemas transcribed from the ASC X12 5010 implementation guides' loop tables. Only
// structure lives here (ids, qualifiers that tell same-id siblings apart, usage, repeats):
// the engine in loops.ts walks any of them.

const address = [seg('N3'), seg('N4')];
const nm1 = (codes: string[], usage: 'R' | 'S' = 'R') => seg('NM1', usage, 1, [1, codes]);

const eligibilityEntities = (suffix: 'C' | 'D', inquiry: boolean) => [
  seg('TRN', 'S', inquiry ? 2 : 3),
  loop(`2100${suffix}`, suffix === 'C' ? 'Subscriber name' : 'Dependent name', 'R', 1, [
    nm1(suffix === 'C' ? ['IL'] : ['03']),
    seg('REF', 'S', 9),
    ...address,
    seg('AAA', 'S', 9),
    seg('PRV'),
    seg('DMG'),
    seg('INS'),
    seg('HI'),
    seg('DTP', 'S', inquiry ? 2 : 9),
    seg('MPI'),
    inquiry
      ? loop(`2110${suffix}`, 'Eligibility inquiry', 'S', 99, [
          seg('EQ', 'R'),
          seg('AMT', 'S', 2),
          seg('III', 'S', 10),
          seg('REF'),
          seg('DTP'),
        ])
      : loop(`2110${suffix}`, 'Eligibility or benefit information', 'S', N, [
          seg('EB', 'R'),
          seg('HSD', 'S', 9),
          seg('REF', 'S', 9),
          seg('DTP', 'S', 20),
          seg('AAA', 'S', 9),
          seg('MSG', 'S', 10),
          loop(`2115${suffix}`, 'Additional information', 'S', 10, [seg('III', 'R'), seg('LS')]),
          seg('LS'),
          loop(`2120${suffix}`, 'Benefit related entity', 'S', 23, [
            seg('NM1', 'R'),
            ...address,
            seg('PER', 'S', 3),
            seg('PRV'),
          ]),
          seg('LE'),
        ]),
  ]),
];

const eligibility = (inquiry: boolean) => [
  seg('BHT', 'R'),
  hlLoop('2000A', 'Information source', '20', 'R', [
    ...(inquiry ? [] : [seg('AAA', 'S', 9)]),
    loop('2100A', 'Information source name', 'R', 1, [
      seg('NM1', 'R'),
      ...(inquiry ? [] : [seg('PER', 'S', 3), seg('AAA', 'S', 9)]),
    ]),
    hlLoop('2000B', 'Information receiver', '21', 'R', [
      ...(inquiry ? [] : [seg('AAA', 'S', 9)]),
      loop('2100B', 'Information receiver name', 'R', 1, [
        seg('NM1', 'R'),
        seg('REF', 'S', 9),
        ...address,
        seg('AAA', 'S', 9),
        seg('PRV'),
      ]),
      hlLoop('2000C', 'Subscriber', '22', 'R', [
        ...eligibilityEntities('C', inquiry),
        hlLoop('2000D', 'Dependent', '23', 'S', eligibilityEntities('D', inquiry)),
      ]),
    ]),
  ]),
];

export const SCHEMA_270: TransactionSchema = {
  setId: '270',
  version: '005010X279A1',
  name: 'Eligibility, coverage or benefit inquiry',
  items: eligibility(true),
};

export const SCHEMA_271: TransactionSchema = {
  setId: '271',
  version: '005010X279A1',
  name: 'Eligibility, coverage or benefit information',
  items: eligibility(false),
};

const casAndRefs = [seg('CAS', 'S', 99)];

export const SCHEMA_835: TransactionSchema = {
  setId: '835',
  version: '005010X221A1',
  name: 'Health care claim payment/advice',
  items: [
    seg('BPR', 'R'),
    seg('TRN', 'R'),
    seg('CUR'),
    seg('REF', 'S', 1, [1, ['EV']]),
    seg('REF', 'S', 1, [1, ['F2']]),
    seg('DTM', 'S', 1, [1, ['405']]),
    loop('1000A', 'Payer identification', 'R', 1, [
      seg('N1', 'R', 1, [1, ['PR']]),
      ...address,
      seg('REF', 'S', 4),
      seg('PER', 'S', 1, [1, ['CX']]),
      seg('PER', 'S', N, [1, ['BL']]),
      seg('PER', 'S', 1, [1, ['IC']]),
    ]),
    loop('1000B', 'Payee identification', 'R', 1, [
      seg('N1', 'R', 1, [1, ['PE']]),
      ...address,
      seg('REF', 'S', N),
      seg('RDM'),
    ]),
    loop('2000', 'Header number', 'S', N, [
      seg('LX', 'R'),
      seg('TS3'),
      seg('TS2'),
      loop('2100', 'Claim payment information', 'R', N, [
        seg('CLP', 'R'),
        ...casAndRefs,
        nm1(['QC']),
        nm1(['IL'], 'S'),
        nm1(['74'], 'S'),
        nm1(['82'], 'S'),
        nm1(['TT'], 'S'),
        nm1(['PR'], 'S'),
        nm1(['GB'], 'S'),
        seg('MIA'),
        seg('MOA'),
        seg('REF', 'S', 5, [
          1,
          ['1L', '1W', '28', '6P', '9A', '9C', 'BB', 'CE', 'EA', 'F8', 'G1', 'G3', 'IG', 'SY'],
        ]),
        seg('REF', 'S', 10, [1, ['0B', '1A', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'LU']]),
        seg('DTM', 'S', 2, [1, ['232', '233']]),
        seg('DTM', 'S', 1, [1, ['036']]),
        seg('DTM', 'S', 1, [1, ['050']]),
        seg('PER', 'S', 2),
        seg('AMT', 'S', 13),
        seg('QTY', 'S', 14),
        loop('2110', 'Service payment information', 'S', 999, [
          seg('SVC', 'R'),
          seg('DTM', 'S', 2),
          ...casAndRefs,
          seg('REF', 'S', 8, [1, ['1S', 'APC', 'BB', 'E9', 'G1', 'G3', 'LU', 'RB']]),
          seg('REF', 'S', 1, [1, ['6R']]),
          seg('REF', 'S', 10, [1, ['0B', '1A', '1C', '1D', '1G', '1H', '1J', 'D3', 'G2', 'HPI', 'SY', 'TJ']]),
          seg('AMT', 'S', 9),
          seg('QTY', 'S', 6),
          seg('LQ', 'S', 99),
        ]),
      ]),
    ]),
    seg('PLB', 'S', N),
  ],
};

const provider = (id: string, name: string, codes: string[], extra = [seg('REF', 'S', 3)]) =>
  loop(id, name, 'S', 1, [nm1(codes), seg('PRV'), ...address, ...extra]);

export const SCHEMA_837P: TransactionSchema = {
  setId: '837',
  version: '005010X222A1',
  name: 'Health care claim: professional',
  items: [
    seg('BHT', 'R'),
    loop('1000A', 'Submitter name', 'R', 1, [nm1(['41']), seg('PER', 'R', 2)]),
    loop('1000B', 'Receiver name', 'R', 1, [nm1(['40'])]),
    hlLoop('2000A', 'Billing provider', '20', 'R', [
      seg('PRV'),
      seg('CUR'),
      loop('2010AA', 'Billing provider name', 'R', 1, [
        nm1(['85']),
        ...address,
        seg('REF', 'R', 1, [1, ['EI', 'SY']]),
        seg('REF', 'S', 2, [1, ['0B', '1G']]),
        seg('PER', 'S', 2),
      ]),
      loop('2010AB', 'Pay-to address', 'S', 1, [nm1(['87']), ...address]),
      loop('2010AC', 'Pay-to plan', 'S', 1, [nm1(['PE']), ...address, seg('REF', 'S', 2)]),
      hlLoop('2000B', 'Subscriber', '22', 'R', [
        seg('SBR', 'R'),
        seg('PAT'),
        loop('2010BA', 'Subscriber name', 'R', 1, [
          nm1(['IL']),
          ...address,
          seg('DMG'),
          seg('REF', 'S', 2),
          seg('PER'),
        ]),
        loop('2010BB', 'Payer name', 'R', 1, [nm1(['PR']), ...address, seg('REF', 'S', 5)]),
        ...claimLoop(),
        hlLoop('2000C', 'Patient', '23', 'S', [
          seg('PAT', 'R'),
          loop('2010CA', 'Patient name', 'R', 1, [
            nm1(['QC']),
            ...address,
            seg('DMG', 'R'),
            seg('REF', 'S', 2),
            seg('PER'),
          ]),
          ...claimLoop(),
        ]),
      ]),
    ]),
  ],
};

function claimLoop() {
  return [
    loop('2300', 'Claim information', 'S', 100, [
      seg('CLM', 'R'),
      seg('DTP', 'S', 20),
      seg('PWK', 'S', 10),
      seg('CN1'),
      seg('AMT'),
      seg('REF', 'S', 20),
      seg('K3', 'S', 10),
      seg('NTE'),
      seg('CR1'),
      seg('CR2'),
      seg('CRC', 'S', 8),
      seg('HI', 'R', 12),
      seg('HCP'),
      provider('2310A', 'Referring provider', ['DN', 'P3']),
      provider('2310B', 'Rendering provider', ['82']),
      provider('2310C', 'Service facility location', ['77']),
      provider('2310D', 'Supervising provider', ['DQ']),
      provider('2310E', 'Ambulance pick-up location', ['PW']),
      provider('2310F', 'Ambulance drop-off location', ['45']),
      loop('2320', 'Other subscriber information', 'S', 10, [
        seg('SBR', 'R'),
        seg('CAS', 'S', 5),
        seg('AMT', 'S', 3),
        seg('OI', 'R'),
        seg('MOA'),
        loop('2330A', 'Other subscriber name', 'R', 1, [nm1(['IL']), ...address, seg('REF')]),
        loop('2330B', 'Other payer name', 'R', 1, [nm1(['PR']), ...address, seg('DTP'), seg('REF', 'S', 6)]),
        ...['2330C:DN,P3', '2330D:82', '2330E:77', '2330F:DQ', '2330G:85'].map((spec) => {
          const [id, codes] = spec.split(':') as [string, string];
          return loop(id, 'Other payer provider', 'S', 1, [nm1(codes.split(',')), seg('REF', 'R', 3)]);
        }),
      ]),
      loop('2400', 'Service line', 'R', 50, [
        seg('LX', 'R'),
        seg('SV1', 'R'),
        seg('SV5'),
        seg('PWK', 'S', 10),
        seg('CR1'),
        seg('CR3'),
        seg('CRC', 'S', 5),
        seg('DTP', 'R', 1, [1, ['472']]),
        seg('DTP', 'S', 10),
        seg('QTY', 'S', 2),
        seg('MEA', 'S', 5),
        seg('CN1'),
        seg('REF', 'S', 15),
        seg('AMT', 'S', 2),
        seg('K3', 'S', 10),
        seg('NTE', 'S', 2),
        seg('PS1'),
        seg('HCP'),
        loop('2410', 'Drug identification', 'S', 1, [seg('LIN', 'R'), seg('CTP', 'R'), seg('REF')]),
        provider('2420A', 'Rendering provider', ['82']),
        provider('2420B', 'Purchased service provider', ['QB']),
        provider('2420C', 'Service facility location', ['77']),
        provider('2420D', 'Supervising provider', ['DQ']),
        provider('2420E', 'Ordering provider', ['DK'], [seg('REF', 'S', 20), seg('PER')]),
        provider('2420F', 'Referring provider', ['DN', 'P3']),
        provider('2420G', 'Ambulance pick-up location', ['PW']),
        provider('2420H', 'Ambulance drop-off location', ['45']),
        loop('2430', 'Line adjudication information', 'S', 15, [
          seg('SVD', 'R'),
          seg('CAS', 'S', 5),
          seg('DTP', 'R'),
          seg('AMT'),
        ]),
        loop('2440', 'Form identification code', 'S', N, [seg('LQ', 'R'), seg('FRM', 'R', 99)]),
      ]),
    ]),
  ];
}

export const SCHEMA_999: TransactionSchema = {
  setId: '999',
  version: '005010X231A1',
  name: 'Implementation acknowledgment',
  items: [
    seg('AK1', 'R'),
    loop('2000', 'Transaction set response header', 'S', N, [
      seg('AK2', 'R'),
      loop('2100', 'Error identification', 'S', N, [
        seg('IK3', 'R'),
        seg('CTX', 'S', 10),
        loop('2110', 'Implementation data element note', 'S', N, [seg('IK4', 'R'), seg('CTX', 'S', 10)]),
      ]),
      seg('IK5', 'R'),
    ]),
    seg('AK9', 'R'),
  ],
};

export const SCHEMAS: readonly TransactionSchema[] = [
  SCHEMA_270,
  SCHEMA_271,
  SCHEMA_835,
  SCHEMA_837P,
  SCHEMA_999,
];

/** Picks the loop schema for an ST (ST03 or GS08 tells 837P from 837I/837D). */
export function schemaFor(setId: string, version: string | undefined): TransactionSchema | undefined {
  if (setId === '837') return version?.includes('X222') ? SCHEMA_837P : undefined;
  return SCHEMAS.find((s) => s.setId === setId);
}
