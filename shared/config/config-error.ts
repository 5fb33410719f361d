// Start-up failure caused by configuration: lists every problem as `VARIABLE: what is wrong`.
// Messages name variables and rules only, never the values (some are secrets).

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
