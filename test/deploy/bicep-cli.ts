// Finds the Bicep CLI: BICEP_PATH, else the NuGet package Azure.Bicep.CommandLine.linux-x64 restored with dotnet
// (bicep-cli/bicep-cli.csproj pins the version). Undefined when neither is possible (no dotnet on this machine).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'azure.bicep.commandline.linux-x64';
const VERSION = '0.49.2';
const PROJECT = join(__dirname, '..', '..', '..', 'test', 'deploy', 'bicep-cli', 'bicep-cli.csproj');

export function hasDotnet(): boolean {
  try {
    execFileSync('dotnet', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function globalPackagesFolder(): string {
  const out = execFileSync('dotnet', ['nuget', 'locals', 'global-packages', '--list'], { encoding: 'utf8' });
  const match = /global-packages:\s*(.+)/.exec(out);
  if (!match?.[1]) throw new Error(`cannot read the NuGet packages folder from: ${out}`);
  return match[1].trim();
}

/** The bicep executable, restored from NuGet on first use (a restore-only project in a temporary folder). */
export function bicepPath(): string | undefined {
  if (process.env['BICEP_PATH']) return process.env['BICEP_PATH'];
  if (process.platform !== 'linux' || process.arch !== 'x64' || !hasDotnet()) return undefined;
  const bicep = join(globalPackagesFolder(), PACKAGE, VERSION, 'tools', 'bicep');
  if (!existsSync(bicep)) {
    const dir = mkdtempSync(join(tmpdir(), 'bicep-restore-'));
    try {
      copyFileSync(PROJECT, join(dir, 'bicep-cli.csproj'));
      execFileSync('dotnet', ['restore', join(dir, 'bicep-cli.csproj'), '--nologo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  chmodSync(bicep, 0o755); // NuGet extraction does not keep the executable bit
  return bicep;
}
