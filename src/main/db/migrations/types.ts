export interface Migration {
  /** 1, 2, 3 … with no gaps; never renumbered, never edited once released. */
  version: number;
  name: string;
  sql: string;
}
