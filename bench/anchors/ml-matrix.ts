/** ml-matrix as an outside anchor (a dev dependency): undefined when it is not installed. */
export type MlMatrixModule = typeof import('ml-matrix');

export async function loadMlMatrix(): Promise<MlMatrixModule | undefined> {
  try {
    return (await import('ml-matrix')) as unknown as MlMatrixModule;
  } catch {
    return undefined;
  }
}
