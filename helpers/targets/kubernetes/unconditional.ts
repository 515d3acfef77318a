// Replacing an object whatever its version, for the fields the suite sets.

/**
 * The object without its resourceVersion, so that replacing it is unconditional: controllers
 * update these objects' status between our read and our write, which is no conflict for the
 * fields we set (a real cluster answered 409 to scale and restore).
 */
export function unconditional<T extends { metadata?: { resourceVersion?: string } }>(object: T): T {
  return { ...object, metadata: { ...object.metadata, resourceVersion: undefined } };
}
