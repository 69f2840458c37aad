/**
 * A value made on the first call and kept. For zod schemas a function may never use: building
 * a schema costs time at cold start (the public function's reads never check a submission), so
 * such schemas are defined once inside a builder and built when a request or the OpenAPI
 * document first asks for them.
 */
export function builtOnFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
