/** Demo mode (quick start): demo accounts may sign in. A production start leaves it off. */
export function isDemoMode(): boolean {
  return process.env.RELAIS_DEMO === '1' || process.env.RELAIS_DEMO === 'true';
}
