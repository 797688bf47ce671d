// Type representation (language.md §4). Placeholder until the checker lands.
export interface Type {
  readonly kind: string;
}
