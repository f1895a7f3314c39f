/** The target versions a pgrx crate declares through its `pg13`..`pg18` features. */
export function pgrxVersions(_cargoToml: string): number[] | undefined {
  return undefined;
}
