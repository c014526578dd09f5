/** `[code, description, start (ISO date) when known, stop (ISO date) when known]`. */
export type CodeRow = readonly [code: string, description: string, start?: string, stop?: string];

/**
 * Rows from text with one code per line and tab-separated fields (trailing empty ones left out).
 * Fields are read by index: this runs once, in the interpreter, where destructuring an array
 * goes through the iterator protocol.
 */
export function splitRows(text: string): CodeRow[] {
  const lines = text.split('\n');
  const rows: CodeRow[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i]!.split('\t');
    const code = fields[0] ?? '';
    const description = fields[1] ?? '';
    const start = fields[2];
    const stop = fields[3];
    if (stop) rows[i] = [code, description, start || undefined, stop];
    else rows[i] = start ? [code, description, start] : [code, description];
  }
  return rows;
}
