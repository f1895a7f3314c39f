/** Target PostgreSQL major versions when neither the config nor the extension says otherwise. */
export const DEFAULT_PG_VERSIONS: readonly number[] = [13, 14, 15, 16, 17, 18];

/** "PostgreSQL 15", "PostgreSQL 15-18", "PostgreSQL 13, 15-16" for a message. */
export function describeVersions(versions: number[]): string {
  const sorted = [...new Set(versions)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `PostgreSQL ${parts.join(', ')}`;
}
