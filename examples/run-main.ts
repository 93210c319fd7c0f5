import { pathToFileURL } from 'node:url';

/** True when the module at `url` is the script node was started with (not an import). */
export function isMain(url: string): boolean {
  return Boolean(process.argv[1]) && url === pathToFileURL(process.argv[1]).href;
}
