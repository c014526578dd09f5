/** `[code, description, start (ISO date) when known, stop (ISO date) when known]`. */
export type CodeRow = readonly [code: string, description: string, start?: string, stop?: string];

/** Rows from text with one code per line and tab-separated fields (trailing empty ones left out). */
export function splitRows(text: string): CodeRow[] {
  return text.split('\n').map((line) => {
    const [code = '', description = '', start, stop] = line.split('\t');
    if (stop) return [code, description, start || undefined, stop];
    return start ? [code, description, start] : [code, description];
  });
}
