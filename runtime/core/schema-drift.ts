/** Columns the data had beyond or short of the declaration (schema drift). */
export interface SchemaDrift {
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
}
