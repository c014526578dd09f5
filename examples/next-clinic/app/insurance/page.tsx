import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InsuranceClient } from './InsuranceClient';

export const dynamic = 'force-dynamic';

export default async function InsurancePage() {
  const sample835 = await readFile(join(process.cwd(), 'samples', '835-basic.x12'), 'utf8');
  return (
    <>
      <h1>Insurance</h1>
      <p className="muted">
        Eligibility goes out as an X12 270 through the clearinghouse port and comes back as a 271, normalized
        into the same result a FHIR payer would give. With no clearinghouse configured, the demo clearinghouse
        answers with a sample 271. Sign in as front-desk staff to run a check.
      </p>
      <InsuranceClient sample835={sample835} />
    </>
  );
}
