/** The error `call` throws; fails the test when it returns instead. */
export function thrown(call: () => unknown): Error {
  try {
    call();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw; the call returned');
}
