// Copies the project tree into a folder the way the deployment package is cut: every file .funcignore keeps.
// dist/ is left out too, since Azure's remote build (and this check) compiles it afresh.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ignore from 'ignore';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', 'dist']);

/** Copies `root` minus .funcignore into `target`; returns the copied paths, relative and with '/' separators. */
export function copyAsPackaged(root: string, target: string): string[] {
  const rules = ignore().add(readFileSync(join(root, '.funcignore'), 'utf8'));
  const copied: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split('\\').join('/');
      if (ALWAYS_SKIPPED.has(rel)) continue;
      if (rules.ignores(entry.isDirectory() ? `${rel}/` : rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        mkdirSync(join(target, relative(root, dir)), { recursive: true });
        copyFileSync(path, join(target, rel));
        copied.push(rel);
      }
    }
  };
  walk(root);
  return copied.sort();
}
