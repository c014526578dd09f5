export default function Home() {
  return (
    <>
      <h1>MedFlow clinic demo</h1>
      <p>
        Every page runs on the MedFlow packages exactly as an app installs them from npm. With no keys at all
        it works end to end on local inputs; each provider lights up as its keys are added to{' '}
        <code>.env</code>.
      </p>
      <div className="grid">
        <a className="card" href="/invoices">
          <h2>Invoices</h2>
          <p className="muted">Stripe Checkout and an exactly-once webhook pipeline.</p>
        </a>
        <a className="card" href="/labs">
          <h2>Lab results</h2>
          <p className="muted">HL7 v2 ORU^R01 over MLLP (port 2575) into FHIR, with trends.</p>
        </a>
        <a className="card" href="/insurance">
          <h2>Insurance</h2>
          <p className="muted">X12 270/271 eligibility and 835 remittances.</p>
        </a>
        <a className="card" href="/wearables">
          <h2>Wearables</h2>
          <p className="muted">Google Health (Fitbit devices) and Apple Health exports, deduplicated.</p>
        </a>
        <a className="card" href="/video">
          <h2>Video visit</h2>
          <p className="muted">Twilio Video rooms with a waiting room.</p>
        </a>
        <a className="card" href="/integrations">
          <h2>Integrations</h2>
          <p className="muted">Configuration, health, connections, API keys and the audit trail.</p>
        </a>
      </div>
    </>
  );
}
