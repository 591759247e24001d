/**
 * One resource a stack's Pulumi program registers, as resource rules read it: its Pulumi type
 * (`aws:s3/bucket:Bucket`), its logical name, and its inputs. The same shape comes from running
 * the program under mocks ({@link collectResources}) and from CrossGuard's `validateStack`
 * during a real `pulumi preview`.
 */
export interface CollectedResource {
  readonly type: string;
  readonly name: string;
  /** The resource's inputs, every value resolved (no Outputs). */
  readonly props: Readonly<Record<string, unknown>>;
  /**
   * Its physical id when known: what other resources receive from `resource.id` (a bucket's
   * name on S3). Under mocks it is always known; in a preview, only for existing resources.
   */
  readonly id?: string;
  /**
   * The resources each input property was computed from (CrossGuard's `propertyDependencies`),
   * by type and name: `{ bucket: [{ type: "aws:s3/bucket:Bucket", name: "storage-raw" }] }`.
   * Rules link a bucket's separate configuration resources through it when the value itself is
   * not known yet (a new bucket in a preview), and through {@link id} otherwise.
   */
  readonly references?: Readonly<Record<string, readonly ResourceKey[]>>;
}

/** A resource's identity in a stack: its type and logical name. */
export interface ResourceKey {
  readonly type: string;
  readonly name: string;
}
